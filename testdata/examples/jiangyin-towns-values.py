# Writes testdata/examples/values-jiangyin-towns-<year>.csv, the fictional values
# (示例数据) of the jiangyin-towns example: python3 jiangyin-towns-values.py testdata/examples 2023 2024 2025
# then go generate ./internal/demo turns them into the workbooks. Deterministic (seeded).
import random, csv, sys
units=[("chengjiang","街道"),("nanzha","街道"),("yunting","街道"),("lingang","街道"),("chengdong","街道"),
("huangtu","镇"),("yuecheng","镇"),("qingyang","镇"),("xuxiake","镇"),("huashi","镇"),("zhouzhuang","镇"),("xinqiao","镇"),("changjing","镇"),("gushan","镇"),("zhutang","镇")]
def gen(year, seed):
    rnd=random.Random(seed)
    # each unit has a persistent level in [0,1], drift by year
    lvl={}
    r0=random.Random(7)
    for u,g in units:
        lvl[u]=0.45+0.55*r0.random()
    t=(year-2023)*0.05
    rows={}
    def rate(u,lo,hi,noise=0.04,cap=100):
        l=min(1,max(0,lvl[u]+t+rnd.gauss(0,noise)))
        v=lo+(hi-lo)*l
        return round(min(cap,v),1)
    for u,g in units:
        town = g=="镇"
        d={}
        d["pop60"]=round(r0.uniform(1.2,4.5),2) if True else 0
        d["smart_factory_rate"]= str(rate(u,8,45)) if town else "不适用"
        d["star_cloud_rate"]= str(rate(u,4,35)) if town else "不适用"
        d["agri_info_rate"]= str(rate(u,35,75)) if town else "不适用"
        d["village_affairs_online"]= str(rate(u,82,100)) if town else "不适用"
        d["satisfaction"]= str(rate(u,74,94))
        d["satisfaction_samples"]= str(rnd.randint(210,420))
        d["online_handle_rate"]= str(rate(u,45,88))
        d["bad_review_fix_rate"]= str(rate(u,85,100))
        d["active_review_rate"]= str(rate(u,25,70))
        d["hotline_ontime_rate"]= str(rate(u,90,99.8))
        d["hotline_satisfaction"]= str(rate(u,88,99))
        d["grid_ontime_rate"]= str(rate(u,88,99.5))
        d["grid_active_share"]= str(rate(u,35,75))
        d["lifeline_alarm_ontime"]= str(rate(u,84,100))
        d["elderly_help_rate"]= str(rate(u,62,100))
        d["digital_class_grads"]= str(int(d["pop60"]*10*rate(u,8,55)))
        d["newmedia_leak"]="否"
        d["pop60"]=str(d["pop60"])
        rows[u]=d
    if year==2025:
        rows["yunting"]["newmedia_leak"]="是"   # one veto in the example
    return rows
fields=["pop60","smart_factory_rate","star_cloud_rate","agri_info_rate","village_affairs_online","satisfaction","satisfaction_samples","online_handle_rate","bad_review_fix_rate","active_review_rate","hotline_ontime_rate","hotline_satisfaction","grid_ontime_rate","grid_active_share","lifeline_alarm_ontime","elderly_help_rate","digital_class_grads","newmedia_leak"]
for year in map(int, sys.argv[2:]):
    rows=gen(year, year)
    with open(f"{sys.argv[1]}/values-jiangyin-towns-{year}.csv","w",newline="") as f:
        w=csv.writer(f, lineterminator="\n")
        w.writerow(["field"]+[u for u,_ in units])
        for fd in fields:
            w.writerow([fd]+[rows[u][fd] for u,_ in units])
