/** The CVM regions region/DescribeRegions lists (Tencent's own example answer), in both languages. */
export interface EmulatedRegion {
  id: string;
  zh: string;
  en: string;
}

export const EMULATED_REGIONS: readonly EmulatedRegion[] = [
  { id: 'ap-guangzhou', zh: '华南地区(广州)', en: 'South China (Guangzhou)' },
  { id: 'ap-shanghai', zh: '华东地区(上海)', en: 'East China (Shanghai)' },
  { id: 'ap-nanjing', zh: '华东地区(南京)', en: 'East China (Nanjing)' },
  { id: 'ap-beijing', zh: '华北地区(北京)', en: 'North China (Beijing)' },
  { id: 'ap-chengdu', zh: '西南地区(成都)', en: 'Southwest China (Chengdu)' },
  { id: 'ap-chongqing', zh: '西南地区(重庆)', en: 'Southwest China (Chongqing)' },
  { id: 'ap-xian-ec', zh: '西北地区(西安)', en: "Northwest China (Xi'an)" },
  { id: 'ap-hongkong', zh: '港澳台地区(中国香港)', en: 'Hong Kong, Macau and Taiwan (Hong Kong)' },
  { id: 'ap-guiyang', zh: '西南地区(贵阳)', en: 'Southwest China (Guiyang)' },
  { id: 'ap-seoul', zh: '亚太东北(首尔)', en: 'Northeast Asia (Seoul)' },
  { id: 'ap-tokyo', zh: '亚太东北(东京)', en: 'Northeast Asia (Tokyo)' },
  { id: 'ap-singapore', zh: '亚太东南(新加坡)', en: 'Southeast Asia (Singapore)' },
  { id: 'ap-bangkok', zh: '亚太东南(曼谷)', en: 'Southeast Asia (Bangkok)' },
  { id: 'ap-jakarta', zh: '亚太东南(雅加达)', en: 'Southeast Asia (Jakarta)' },
  { id: 'na-siliconvalley', zh: '美国西部(硅谷)', en: 'US West (Silicon Valley)' },
  { id: 'eu-frankfurt', zh: '欧洲地区(法兰克福)', en: 'Europe (Frankfurt)' },
  { id: 'na-ashburn', zh: '美国东部(弗吉尼亚)', en: 'US East (Virginia)' },
  { id: 'sa-saopaulo', zh: '南美地区(圣保罗)', en: 'South America (São Paulo)' },
];
