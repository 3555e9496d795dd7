// The review page's only script (allowed by its hash in the page's CSP). It anchors a comment: to words selected in a
// post's text ("Comment on selection") or to a point of an image (a click, or "Comment on this image" for its centre).
// Everything else on the page works without it. No data of the page is ever parsed as markup here.
(function () {
  'use strict';
  var MAX_TEXT = 400;
  var FIELDS = ['anchorType', 'anchorText', 'anchorOffset', 'anchorMediaId', 'anchorX', 'anchorY'];
  var lastSelection = {};

  function articleOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest('article.post') : null;
  }

  function commentForm(article) {
    return article ? article.querySelector('form[data-action="comment"]') : null;
  }

  // The selection clipped to the post's text: its text (trimmed, at most MAX_TEXT characters) and the offset of its
  // first character in the text; null when nothing of the text is selected.
  function selectionIn(article) {
    var sel = window.getSelection();
    var box = article.querySelector('[data-post-text]');
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !box) {
      return null;
    }
    var r = sel.getRangeAt(0);
    if (!r.intersectsNode(box)) {
      return null;
    }
    var inside = document.createRange();
    inside.selectNodeContents(box);
    if (r.compareBoundaryPoints(Range.START_TO_START, inside) > 0) {
      inside.setStart(r.startContainer, r.startOffset);
    }
    if (r.compareBoundaryPoints(Range.END_TO_END, inside) < 0) {
      inside.setEnd(r.endContainer, r.endOffset);
    }
    var text = inside.toString();
    var before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(inside.startContainer, inside.startOffset);
    var offset = before.toString().length;
    var lead = text.length - text.replace(/^\s+/, '').length;
    text = text.slice(lead).replace(/\s+$/, '');
    if (!text) {
      return null;
    }
    return {text: text.slice(0, MAX_TEXT), offset: offset + lead};
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + '\u2026' : text;
  }

  function hideMarkers(article) {
    article.querySelectorAll('[data-marker]').forEach(function (m) {
      m.hidden = true;
    });
  }

  function setAnchor(article, values, label) {
    var form = commentForm(article);
    if (!form) {
      return;
    }
    FIELDS.forEach(function (name) {
      var input = form.querySelector('input[name="' + name + '"]');
      if (input) {
        input.value = values[name] === undefined || values[name] === null ? '' : String(values[name]);
      }
    });
    var box = form.querySelector('[data-anchor]');
    var text = form.querySelector('[data-anchor-label]');
    if (text) {
      text.textContent = label || '';
    }
    if (box) {
      box.hidden = !label;
    }
    hideMarkers(article);
    var area = form.querySelector('textarea[name="text"]');
    if (area) {
      area.focus();
    }
  }

  function anchorText(button) {
    var article = articleOf(button);
    if (!article) {
      return;
    }
    var s = selectionIn(article) || lastSelection[article.getAttribute('data-post-id')];
    var hint = article.querySelector('[data-selection-hint]');
    if (!s) {
      if (hint) {
        hint.textContent = 'Select some words in the text above first, then press \u201cComment on selection\u201d.';
      }
      return;
    }
    if (hint) {
      hint.textContent = '';
    }
    setAnchor(article, {anchorType: 'text', anchorText: s.text, anchorOffset: s.offset},
        'Commenting on: \u201c' + shorten(s.text, 120) + '\u201d');
  }

  function fraction(v) {
    return (Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000).toFixed(3);
  }

  function anchorImage(figure, x, y) {
    var article = articleOf(figure);
    if (!article || !figure) {
      return;
    }
    var fx = fraction(x);
    var fy = fraction(y);
    var name = figure.getAttribute('data-media-label') || 'the image';
    setAnchor(article, {anchorType: 'image', anchorMediaId: figure.getAttribute('data-media-id'), anchorX: fx, anchorY: fy},
        'Commenting on: ' + name + ', ' + Math.round(fx * 100) + '% across, ' + Math.round(fy * 100) + '% down');
    var marker = figure.querySelector('[data-marker]');
    if (marker) {
      marker.style.left = (fx * 100) + '%';
      marker.style.top = (fy * 100) + '%';
      marker.hidden = false;
    }
  }

  document.addEventListener('selectionchange', function () {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      return;
    }
    var article = articleOf(sel.getRangeAt(0).startContainer);
    if (article) {
      var s = selectionIn(article);
      if (s) {
        lastSelection[article.getAttribute('data-post-id')] = s;
      }
    }
  });

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) {
      return;
    }
    var img = t.closest('figure.media img');
    if (img) {
      var box = img.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) {
        anchorImage(img.closest('figure.media'), (e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height);
      }
      return;
    }
    var button = t.closest('button[data-comment-selection]');
    if (button) {
      anchorText(button);
      return;
    }
    button = t.closest('button[data-comment-image]');
    if (button) {
      anchorImage(button.closest('figure.media'), 0.5, 0.5);
      return;
    }
    button = t.closest('button[data-anchor-clear]');
    if (button) {
      setAnchor(articleOf(button), {}, '');
    }
  });

  // the controls that need this script are hidden until it runs
  document.querySelectorAll('[data-needs-script]').forEach(function (el) {
    el.hidden = false;
  });
  document.documentElement.classList.add('js');

  // existing comments on image points: a numbered pin on the image, the same number before the comment
  document.querySelectorAll('article.post').forEach(function (article) {
    var figures = article.querySelectorAll('figure.media');
    var n = 0;
    article.querySelectorAll('ul.comments li[data-anchor-type="image"][data-x][data-y]').forEach(function (li) {
      var mediaId = li.getAttribute('data-anchor-media-id');
      var frame = null;
      figures.forEach(function (f) {
        if (f.getAttribute('data-media-id') === mediaId) {
          frame = f.querySelector('.frame');
        }
      });
      var x = parseFloat(li.getAttribute('data-x'));
      var y = parseFloat(li.getAttribute('data-y'));
      if (!frame || !(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
        return;
      }
      n++;
      var pin = document.createElement('span');
      pin.className = 'pin';
      pin.setAttribute('aria-hidden', 'true');
      pin.textContent = String(n);
      pin.style.left = (x * 100) + '%';
      pin.style.top = (y * 100) + '%';
      frame.appendChild(pin);
      var where = li.querySelector('.comment-anchor');
      if (where) {
        var label = document.createElement('span');
        label.className = 'pin-label';
        label.textContent = 'Pin ' + n + ': ';
        where.insertBefore(label, where.firstChild);
      }
    });
  });

  // after an action the page opens at its post (#post-...): the notice of what happened goes there, where it is seen
  var notice = document.querySelector('.notice');
  var targetId = '';
  try {
    targetId = decodeURIComponent(location.hash.slice(1));
  } catch (e) {
    targetId = ''; // a malformed fragment: no target
  }
  var target = targetId ? document.getElementById(targetId) : null;
  if (notice && target && target.matches('article.post')) {
    var heading = target.querySelector('h3');
    target.insertBefore(notice, heading ? heading.nextSibling : target.firstChild);
  }
}());
