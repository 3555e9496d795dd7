# Writes the read-provider fixtures in this folder (deterministic: python3 generate.py). Shapes: Instagram's app API
# (items[0], comments[], child_comments[]) and web GraphQL (data.xdt_shortcode_media), as URL-first read APIs pass them on.
import json, random
A="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
def sc(pk):
    s=""
    while pk>0:
        s=A[pk%64]+s; pk//=64
    return s
random.seed(16)
def cdn(kind, oe, ext="jpg", n=None):
    n = n or random.randint(10**17, 10**18)
    host="scontent-iad3-1.cdninstagram.com"
    if ext=="mp4":
        return f"https://{host}/o1/v/t16/f2/m86/AQN{n:x}.mp4?stp=dst-mp4&efg=eyJxZV9ncm91cHMiOiJbXCJpZ193ZWJfZGVsaXZlcnlfdnRzX290ZlwiXSJ9&_nc_cat=104&vs=1234567890&_nc_vs=HBksFQIYUmlnX3hwdl9yZWVscw&ccb=9-4&oh=00_AYC{n:x}&oe={oe:X}&_nc_sid=10d13b"
    return f"https://{host}/v/t51.{kind}-15/{n}_{n//7}_{n//3}_n.{ext}?stp=dst-jpg_e35_p1080x1080_sh0.08&efg=eyJ2ZW5jb2RlX3RhZyI6ImltYWdlX3VybGdlbi4xNDQweDE4MDAuc2RyLmYyOTM1MC5kZWZhdWx0X2ltYWdlIn0&_nc_ht={host}&_nc_cat=1&_nc_ohc=Qx7aNb{n%997}Q7kNvgF&edm=APs17CUBAAAA&ccb=7-5&ig_cache_key=MzUxMzI2NDU2MzM1MTIzOTIxMw%3D%3D.3-ccb7-5&oh=00_AYD{n:x}&oe={oe:X}&_nc_sid=10d13b"
OE=0x6757B3C4
def user(pk, username, full, verified=False, private=False, followers=None, short=False):
    pic = f"https://scontent-iad3-1.cdninstagram.com/v/t51.2885-19/{pk}_n.jpg?stp=dst-jpg_s150x150&oh=00_AY{pk:x}&oe={OE+3600:X}&_nc_sid=8b3546" if short else cdn("2885-19",OE+3600)
    u={"pk":str(pk),"pk_id":str(pk),"id":str(pk),"username":username,"full_name":full,"is_private":private,"is_verified":verified,"profile_pic_url":pic}
    if not short:
        u["profile_pic_id"]=f"{random.randint(10**18,2*10**18)}_{pk}"; u["fbid_v2"]=str(random.randint(10**16,10**17))
    if followers is not None: u["follower_count"]=followers
    return u
owner=user(25025320,"instagram","Instagram",True)
# 1. an image post, app API shape
pk=3513264563351239213
post={"items":[{"taken_at":1733155200,"pk":str(pk),"id":f"{pk}_25025320","fbid":"18072938475629384","device_timestamp":1733155180123456,
  "caption_is_edited":False,"strong_id__":f"{pk}_25025320","deleted_reason":0,"has_shared_to_fb":0,"has_delayed_metadata":False,
  "mezql_token":"","share_count_disabled":False,"should_request_ads":False,"is_reshare_of_text_post_app_media_in_ig":False,
  "integrity_review_decision":"approved","client_cache_key":"MzUxMzI2NDU2MzM1MTIzOTIxMw==.3","is_visual_reply_commenter_notice_enabled":True,
  "like_and_view_counts_disabled":False,"media_type":1,"code":sc(pk),"product_type":"feed","original_width":1080,"original_height":1350,
  "user":owner,"owner":owner,
  "image_versions2":{"candidates":[{"width":1080,"height":1350,"url":cdn("29350",OE)},{"width":750,"height":938,"url":cdn("29350",OE)},{"width":640,"height":800,"url":cdn("29350",OE)}]},
  "caption":{"pk":"18345987234598723","user_id":"25025320","type":1,"did_report_as_spam":False,"created_at":1733155200,"created_at_utc":1733155200,
     "content_type":"comment","status":"Active","bit_flags":0,"share_enabled":False,"is_ranked_comment":False,"media_id":str(pk),
     "text":"Golden hour on the coast 🌅 shot by @jane.doe. with @studio_lumen — #sunset #travel #Sunset #2024 #lahora_dorada (write to hello@example.com)",
     "is_covered":False,"private_reply_status":0},
  "accessibility_caption":"Photo by Instagram on December 02, 2024. May be an image of ocean, twilight and beach.",
  "like_count":48213,"comment_count":1204,"has_liked":False,"top_likers":[],"facepile_top_likers":[],"comment_likes_enabled":True,
  "comment_threading_enabled":True,"max_num_visible_preview_comments":2,"can_viewer_reshare":True,"location":{"pk":213385402,"name":"Big Sur, California","lat":36.2704,"lng":-121.8081}}],
 "num_results":1,"more_available":False,"auto_load_more_enabled":False,"showQRModal":False,"status":"ok"}
json.dump(post,open("media-post.json","w"),ensure_ascii=False,indent=1)
# 2. a carousel, web GraphQL shape, likes hidden
pk2=3498765432109876543
def webnode(typename, pk, video=False, alt=None):
    n={"__typename":typename,"id":str(pk),"shortcode":sc(pk),"dimensions":{"height":1350,"width":1080},"gating_info":None,"fact_check_overall_rating":None,
       "fact_check_information":None,"sensitivity_friction_info":None,"sharing_friction_info":{"should_have_sharing_friction":False,"bloks_app_url":None},
       "media_overlay_info":None,"media_preview":None,"display_url":cdn("29350",OE+7200),
       "display_resources":[{"src":cdn("29350",OE+7200),"config_width":640,"config_height":800},{"src":cdn("29350",OE+7200),"config_width":750,"config_height":937},{"src":cdn("29350",OE+7200),"config_width":1080,"config_height":1350}],
       "accessibility_caption":alt,"is_video":video,"tracking_token":"eyJ2ZXJzaW9uIjo1fQ==","upcoming_event":None,"edge_media_to_tagged_user":{"edges":[]}}
    if video:
        n.update({"video_url":cdn("x",OE+7200,"mp4"),"video_view_count":None,"video_duration":14.2,"has_audio":True})
    return n
car=webnode("XDTGraphSidecar",pk2,alt=None)
car.update({"product_type":"carousel_container","like_and_view_counts_disabled":True,"is_affiliate":False,"is_paid_partnership":False,
 "edge_media_to_caption":{"edges":[{"node":{"created_at":"1731100000","text":"Studio diary, week 46 ✨ swipe for the process → final piece. Thanks @print.house & @Paper_Co! #printmaking #studiolife #PrintMaking"}}]},
 "can_see_insights_as_brand":False,"caption_is_edited":False,"has_ranked_comments":True,"like_and_view_counts_disabled":True,
 "edge_media_to_parent_comment":{"count":87,"page_info":{"has_next_page":True,"end_cursor":"QVFDbE1fZ2xxc1ZKR3BfZ3dW"},"edges":[]},
 "edge_media_to_hoisted_comment":{"edges":[]},"edge_media_preview_comment":{"count":87,"edges":[]},"comments_disabled":False,
 "commenting_disabled_for_viewer":False,"taken_at_timestamp":1731100000,"edge_media_preview_like":{"count":0,"edges":[]},"edge_media_to_sponsor_user":{"edges":[]},
 "is_affiliate":False,"location":None,"viewer_has_liked":False,"viewer_has_saved":False,"viewer_has_saved_to_collection":False,"viewer_in_photo_of_you":False,"viewer_can_reshare":True,
 "owner":{"id":"5213470911","is_verified":False,"profile_pic_url":cdn("2885-19",OE),"username":"studio_lumen","blocked_by_viewer":False,"restricted_by_viewer":None,
   "followed_by_viewer":False,"full_name":"Studio Lumen","has_blocked_viewer":False,"is_embeds_disabled":False,"is_private":False,"is_unpublished":False,
   "requested_by_viewer":False,"pass_tiering_recommendation":True,"edge_owner_to_timeline_media":{"count":412},"edge_followed_by":{"count":20431}},
 "is_ad":False,"edge_web_media_to_related_media":{"edges":[]},"coauthor_producers":[],"pinned_for_users":[],
 "edge_sidecar_to_children":{"edges":[{"node":webnode("XDTGraphImage",pk2+1,alt="Photo by Studio Lumen. May be an image of paper and ink.")},
    {"node":webnode("XDTGraphVideo",pk2+2,video=True)},{"node":webnode("XDTGraphImage",pk2+3,alt="Photo by Studio Lumen. May be art.")}]}})
json.dump({"data":{"xdt_shortcode_media":car},"extensions":{"is_final":True},"status":"ok"},open("media-carousel.json","w"),ensure_ascii=False,indent=1)
# 3. a reel with music, app API shape (its transcript comes from the transcript endpoint)
pk3=3521098765432101234
creator=user(48291730,"crumb.and.co","Crumb & Co Bakery",False,followers=183204)
reel={"items":[{"taken_at":1732800000,"pk":str(pk3),"id":f"{pk3}_48291730","code":sc(pk3),"media_type":2,"product_type":"clips","user":creator,
  "caption":{"pk":"18012345678901234","text":"3 mistakes beginners make with sourdough 🍞 (number 2 hurt) with @bakewithlena #baking #sourdough #bread","created_at":1732800000},
  "like_and_view_counts_disabled":False,"like_count":9120,"comment_count":311,"play_count":402118,"ig_play_count":398000,"fb_play_count":4118,"reshare_count":1530,
  "video_duration":42.6,"has_audio":True,"original_width":720,"original_height":1280,"is_dash_eligible":1,"number_of_qualities":3,
  "video_versions":[{"type":101,"width":720,"height":1280,"url":cdn("x",OE+86400,"mp4"),"id":"1101234567890123v"},{"type":102,"width":480,"height":854,"url":cdn("x",OE+86400,"mp4"),"id":"1101234567890124v"},{"type":103,"width":480,"height":854,"url":cdn("x",OE+86400,"mp4"),"id":"1101234567890125v"}],
  "image_versions2":{"candidates":[{"width":720,"height":1280,"url":cdn("29350",OE+86400)},{"width":480,"height":853,"url":cdn("29350",OE+86400)}]},
  "clips_metadata":{"clips_creation_entry_point":"clips","audio_type":"licensed_music","is_shared_to_fb":False,"original_sound_info":None,
     "music_info":{"music_asset_info":{"audio_cluster_id":"1123456789012345","id":"5432109876543210","title":"Sunday Morning","display_artist":"Maroon 5","duration_in_ms":240000,"is_explicit":False},
       "music_consumption_info":{"should_mute_audio":False,"is_trending_in_clips":False}},"audio_ranking_info":{"best_audio_cluster_id":"1123456789012345"},"reusable_text_attribute_string":None}}],
 "num_results":1,"more_available":False,"status":"ok"}
json.dump(reel,open("media-reel.json","w"),ensure_ascii=False,indent=1)
json.dump({"success":True,"credits_remaining":9841,"transcripts":[{"id":f"{pk3}_48291730","shortcode":sc(pk3),"language":"en",
  "text":"Mistake number one: you're using a starter that isn't active. Feed it and wait until it doubles. Mistake number two: not enough salt. Two percent of the flour weight, every time. Mistake number three: cutting it warm. Let it cool for an hour."}]},
  open("transcript-reel.json","w"),ensure_ascii=False,indent=1)
# 4. a reel with original audio and no transcript, web shape
pk4=3519876543210987654
r2=webnode("XDTGraphVideo",pk4,video=True)
r2.update({"product_type":"clips","video_play_count":88412,"video_view_count":61003,"video_duration":18.4,"like_and_view_counts_disabled":False,
  "edge_media_to_caption":{"edges":[{"node":{"created_at":"1732600000","text":"no words needed 🌊"}}]},"edge_media_to_comment":{"count":64},"edge_media_preview_like":{"count":5120,"edges":[]},
  "taken_at_timestamp":1732600000,"clips_music_attribution_info":{"artist_name":"surf.daily","song_name":"Original audio","uses_original_audio":True,"should_mute_audio":False,"should_mute_audio_reason":"","audio_id":"1098765432109876"},
  "owner":{"id":"7788990011","username":"surf.daily","full_name":"Surf Daily","is_verified":True,"is_private":False,"profile_pic_url":cdn("2885-19",OE),"edge_followed_by":{"count":1204553}}})
json.dump({"data":{"xdt_shortcode_media":r2},"extensions":{"is_final":True},"status":"ok"},open("media-reel-silent.json","w"),ensure_ascii=False,indent=1)
json.dump({"success":True,"credits_remaining":9840,"transcripts":[]},open("transcript-none.json","w"),indent=1)
# 5. 500 comments with replies: ten pages of 50, app API shape; every 25th comment has 6 replies (1 preview), every 5th one reply
words=["love this","where is this?","😍😍","the second photo!!","how long did it take?","price?","follow back pls","amazing work","this is so calming","which lens?","🔥","need this in my life","tutorial please","goals","check my page for similar","not sure about the colors tbh","saving this","this made my day","bookmarked","wow"]
pages=[]; replies={}
cid=18045000000000000
rid=17990000000000000
mpk=pk
for p in range(10):
    comments=[]
    for i in range(50):
        n=p*50+i
        cid+=1
        u=user(60000000+n, f"fan_{n:03d}", f"Fan {n}", short=True)
        c={"pk":str(cid),"user_id":u["pk"],"type":0,"did_report_as_spam":False,"created_at":1733160000+n*37,"created_at_utc":1733160000+n*37,"content_type":"comment",
           "status":"Active","bit_flags":0,"share_enabled":False,"is_ranked_comment":True,"media_id":str(mpk),"text":words[n%len(words)]+(f" @friend_{n%7}" if n%9==0 else ""),
           "user":u,"is_covered":False,"private_reply_status":0,"has_liked_comment":False,"comment_like_count":(n*13)%97,"child_comment_count":0,"preview_child_comments":[],"has_translation":False}
        if n%25==0:
            kids=[]
            for k in range(6):
                rid+=1
                ru=user(70000000+n*10+k, f"replier_{n}_{k}", f"Replier {k}", short=True)
                kids.append({"pk":str(rid),"user_id":ru["pk"],"type":2,"created_at":1733170000+n*37+k,"created_at_utc":1733170000+n*37+k,"content_type":"comment","status":"Active",
                   "text":f"@fan_{n:03d} reply {k}","user":ru,"parent_comment_id":str(cid),"comment_like_count":k,"has_liked_comment":False,"is_covered":False})
            c["child_comment_count"]=6; c["preview_child_comments"]=kids[:1]
            replies[str(cid)]=[{"child_comments":kids[:3],"child_comment_count":6,"has_more_head_child_comments":False,"has_more_tail_child_comments":True,
                                 "next_max_child_cursor":f"QVFB{cid:x}Y3Vyc29y","num_head_child_comments":0,"num_tail_child_comments":3,"parent_comment":{"pk":str(cid)},"status":"ok"},
                                {"child_comments":kids[3:],"child_comment_count":6,"has_more_head_child_comments":False,"has_more_tail_child_comments":False,
                                 "next_max_child_cursor":None,"num_head_child_comments":3,"num_tail_child_comments":0,"parent_comment":{"pk":str(cid)},"status":"ok"}]
        elif n%5==0:
            rid+=1
            ru=user(80000000+n, f"answer_{n}", "Answer", short=True)
            c["child_comment_count"]=1
            c["preview_child_comments"]=[{"pk":str(rid),"user_id":ru["pk"],"type":2,"created_at":1733175000+n,"text":f"@fan_{n:03d} same!","user":ru,"parent_comment_id":str(cid),"comment_like_count":0}]
        comments.append(c)
    page={"comment_likes_enabled":True,"comments":comments,"comment_count":1204,"caption_is_edited":False,"has_more_comments":p<9,
          "has_more_headload_comments":p<9,"media_header_display":"none","display_realtime_typing_indicator":True,
          "threading_enabled":True,"is_ranked":True,"comment_filter_param":"no_filter","liked_by_media_owner_badge_enabled":True,"status":"ok"}
    if p<9:
        page["next_min_id"]=json.dumps({"server_cursor":f"QVFC{p+1}dGVzdF9jdXJzb3Jf","is_server_cursor_inverse":True})
    pages.append(page)
json.dump(pages,open("comments-pages.json","w"),ensure_ascii=False)
json.dump(replies,open("comments-replies.json","w"),ensure_ascii=False)
print(sc(pk),sc(pk2),sc(pk3),sc(pk4), len(replies))
