package com.socialwire.engagement.moderation;

import com.socialwire.shared.text.Folding;

import java.util.Arrays;
import java.util.List;

/** One pass over a text's characters: capitals, runs, emoji, hashtags and the question mark at the end. */
final class Surface {

private static final int[] POSITIVE_EMOJI = sorted(0x2764, 0x2665, 0x1F60D, 0x1F970, 0x1F44D, 0x1F60A, 0x1F64C,
        0x1F44F, 0x1F4AF, 0x1F60B, 0x1F929, 0x1F495, 0x1F496, 0x1F497, 0x1F498, 0x1F499, 0x1F49A, 0x1F49B,
        0x1F49C, 0x1F49E, 0x1F9E1, 0x1F604, 0x1F603, 0x1F601, 0x1F973, 0x1F618, 0x1F917, 0x1F44C);
private static final int[] NEGATIVE_EMOJI = sorted(0x1F621, 0x1F620, 0x1F92C, 0x1F44E, 0x1F624, 0x1F622,
        0x1F61E, 0x1F494, 0x1F92E, 0x1F922, 0x1F644, 0x1F612, 0x1F61F, 0x1F629, 0x1F62B);

    int upper;
    int lower;
    int maxLetterRun;
    int maxBangRun;
    int maxSymbolRun;
    int maxOtherRun;
    int maxEmojiRun;
    int hashtags;
    int positiveEmoji;
    int negativeEmoji;
    boolean endsWithQuestion;

    int maxRun() {
        return Math.max(Math.max(maxLetterRun, maxBangRun), Math.max(maxSymbolRun, maxOtherRun));
    }

    boolean repeated() {
        return maxLetterRun >= 4 || maxBangRun >= 3 || maxSymbolRun >= 3 || maxOtherRun >= 6
                || maxEmojiRun >= 4;
    }

    boolean shouting() {
        int cased = upper + lower;
        return cased >= 10 && upper * 10 >= cased * 7;
    }

    static Surface scan(String s, List<int[]> masked) {
        Surface r = new Surface();
        int maskIdx = 0;
        int prev = -1;
        int prevVisible = ' ';
        int run = 0;
        int emojiRun = 0;
        boolean afterZwj = false;
        int n = s.length();
        for (int i = 0; i < n; ) {
            int at = i;
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            while (maskIdx < masked.size() && masked.get(maskIdx)[1] <= at) {
                maskIdx++;
            }
            if (maskIdx < masked.size() && masked.get(maskIdx)[0] <= at) {
                prev = -1;
                prevVisible = ' ';
                continue;
            }
            if (cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                    || (cp >= 0x1F1E6 && cp <= 0x1F1FF)) {
                continue; // presentation selectors, skin tones and flag letters do not break or extend runs
            }
            if (cp == 0x200D) {
                afterZwj = true;
                continue;
            }
            run = cp == prev ? run + 1 : 1;
            prev = cp;
            boolean ascii = cp < 0x80;
            boolean space = ascii ? cp == ' ' || (cp >= 0x09 && cp <= 0x0D)
                    : Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            boolean emoji = !ascii && isEmoji(cp);
            if (ascii ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') : Character.isLetter(cp)) {
                r.maxLetterRun = Math.max(r.maxLetterRun, run);
                if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                    r.upper++;
                } else if (Character.isLowerCase(cp)) {
                    r.lower++;
                }
            } else if (cp == '!' || cp == '?') {
                r.maxBangRun = Math.max(r.maxBangRun, run);
            } else if (emoji) {
                r.maxSymbolRun = Math.max(r.maxSymbolRun, run);
            } else if (!space && !Character.isDigit(cp)) {
                r.maxOtherRun = Math.max(r.maxOtherRun, run);
            }
            if (emoji) {
                if (!afterZwj) {
                    emojiRun++;
                    r.maxEmojiRun = Math.max(r.maxEmojiRun, emojiRun);
                    if (Arrays.binarySearch(POSITIVE_EMOJI, cp) >= 0) {
                        r.positiveEmoji++;
                    } else if (Arrays.binarySearch(NEGATIVE_EMOJI, cp) >= 0) {
                        r.negativeEmoji++;
                    }
                }
            } else if (!space) {
                emojiRun = 0;
            }
            afterZwj = false;
            if (cp == '#' && !Folding.isLetterOrDigit(prevVisible) && i < n
                    && Folding.isLetterOrDigit(s.codePointAt(i))) {
                r.hashtags++;
            }
            prevVisible = cp;
        }
        r.endsWithQuestion = endsWithQuestion(s);
        return r;
    }

    /** Last meaningful character is "?" (emoji, "!", closing brackets and quotes after it are ignored), or the
     *  text starts with "¿". */
    private static boolean endsWithQuestion(String s) {
        for (int i = s.length(); i > 0; ) {
            int cp = s.codePointBefore(i);
            i -= Character.charCount(cp);
            if (cp == '?') {
                return true;
            }
            int t = Character.getType(cp);
            if (cp == '!' || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isEmoji(cp)
                    || t == Character.END_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                    || t == Character.MODIFIER_SYMBOL || t == Character.FORMAT || t == Character.CONTROL
                    || Folding.isMark(cp) || cp == '"' || cp == '\'') {
                continue;
            }
            break;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\u00BF') {
                return true;
            }
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                return false;
            }
        }
        return false;
    }

    private static boolean isEmoji(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || Character.getType(cp) == Character.OTHER_SYMBOL;
    }

private static int[] sorted(int... values) {
    int[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
}
}
