"""Name pools for the demo county: places and people that sound like northern Sichuan."""

COUNTY = {"name": "旺苍县", "code": "510821"}

# Towns of the county; the first ones are used by the small demo.
TOWNS = (
    "东河镇", "英萃镇", "嘉川镇", "木门镇", "白水镇", "尚武镇", "张华镇", "黄洋镇",
    "普济镇", "三江镇", "五权镇", "高阳镇", "双汇镇", "国华镇", "米仓山镇", "龙凤镇",
    "九龙镇", "天星镇", "水磨镇", "大两镇",
)

# Villages named in the county's own reports come first in their towns.
NAMED_VILLAGES = {"东河镇": ("红垭村",), "英萃镇": ("雄鹰村",)}

VILLAGE_HEADS = (
    "红", "青", "石", "黄", "白", "松", "柏", "龙", "凤", "金", "银", "桃", "杨", "柳",
    "枫", "梨", "竹", "茶", "新", "光", "前", "后", "高", "长", "太", "平", "和", "双",
    "三", "五", "九", "鹿", "鹤", "狮", "马", "牛", "花", "梅", "兴", "福", "丰", "永",
    "安", "清", "明", "向", "团", "胜", "合", "庙", "观", "大", "小", "宝", "碑", "烟",
)
VILLAGE_TAILS = (
    "垭", "坪", "坝", "岩", "河", "湾", "沟", "山", "林", "峰", "桥", "溪", "岭", "坡",
    "院", "口", "田", "营", "关", "滩", "塘", "坎", "寨", "台", "门", "堡", "梁", "丫",
)

# Common surnames of the area, roughly by frequency (repeats weight the draw).
SURNAMES = (
    "王王王王李李李张张张刘刘陈陈杨杨赵黄周吴何何罗罗邓唐谢杜冯蒋彭曾姚姚向苟苟母袁"
    "邹熊任苏胡郑侯蔡岳文田魏孙马朱贾庞孟雷龚鲜廖梁何侯敬"
)
MALE_GIVEN = "开初德明国华建军福贵成志文学光永长富忠正清海春生全兴顺才友林世家平安茂荣" \
             "发强勇宗元洪金云祥树达昌良义礼仁信"
FEMALE_GIVEN = "秀英兰芳桂琼珍淑玉凤翠琴霞梅素群丽萍蓉菊香莲红娟燕敏慧芬"

RECORDER_ROLE = "记分员"
