// Rustavi's demo data. Another municipality is another file like this one, not a code change.
// Populations are rounded demo figures (about 130,000 in all), to be replaced by the city's own.
import type { MunicipalitySettings, Translated } from "../schema";

export const municipality = {
  slug: "rustavi",
  name: { ka: "რუსთავი", en: "Rustavi", az: "Rustavi", ru: "Рустави" } satisfies Translated,
  languages: ["ka", "en", "az", "ru"],
  defaultLanguage: "ka",
  timeZone: "Asia/Tbilisi",
  settings: {
    contactEmail: "hub@rustavi.example.ge",
    contactPhone: "+995 341 00 00 00",
    address: {
      ka: "რუსთავის მერია, მესხიშვილის ქ. 1, რუსთავი",
      en: "Rustavi City Hall, 1 Meskhishvili St, Rustavi",
      az: "Rustavi Meriyası, Meskhişvili küç. 1, Rustavi",
      ru: "Мэрия Рустави, ул. Месхишвили, 1, Рустави",
    },
    dataProtectionOfficer: "dpo@rustavi.example.ge",
    hubName: {
      ka: "რუსთავის მერიის ინოვაციების ჰაბი",
      en: "Rustavi City Hall's innovation hub",
      az: "Rustavi Meriyasının innovasiya mərkəzi",
      ru: "инновационный хаб мэрии Рустави",
    },
    moderation: "pre",
    reportThreshold: 3,
    // Both ways to become a verified resident (decision 014): at the hub's desk, and by letter or SMS code.
    verification: { inPerson: true, codes: true },
    // What the privacy notice promises: `npm run khma -- purge` (and the server, daily) keeps to it.
    retention: { inactiveUnverifiedDays: 730, outboxDays: 90, expiredSessionsDays: 0, rateLimitHours: 24 },
  } satisfies MunicipalitySettings,
};

export const districts: Array<{ slug: string; name: Translated; population: number }> = [
  { slug: "agmashenebeli", population: 14200, name: { ka: "დავით აღმაშენებელი", en: "David Agmashenebeli", az: "David Ağmaşenebeli", ru: "Давид Агмашенебели" } },
  { slug: "old-rustavi", population: 11800, name: { ka: "ძველი რუსთავი", en: "Old Rustavi", az: "Köhnə Rustavi", ru: "Старый Рустави" } },
  { slug: "rustaveli", population: 13900, name: { ka: "შოთა რუსთაველი", en: "Shota Rustaveli", az: "Şota Rustaveli", ru: "Шота Руставели" } },
  { slug: "shartava", population: 12600, name: { ka: "ჟიული შარტავა", en: "Zhiuli Shartava", az: "Jiuli Şartava", ru: "Жиули Шартава" } },
  { slug: "chkondideli", population: 12100, name: { ka: "გიორგი ჭყონდიდელი", en: "Giorgi Chkondideli", az: "Giorgi Çkondideli", ru: "Георгий Чкондидели" } },
  { slug: "chavchavadze", population: 13400, name: { ka: "ილია ჭავჭავაძე", en: "Ilia Chavchavadze", az: "İlia Çavçavadze", ru: "Илья Чавчавадзе" } },
  { slug: "gorgasali", population: 14500, name: { ka: "ვახტანგ გორგასალი", en: "Vakhtang Gorgasali", az: "Vaxtanq Qorqasali", ru: "Вахтанг Горгасали" } },
  { slug: "tsurtaveli", population: 12300, name: { ka: "იაკობ ცურტაველი", en: "Iakob Tsurtaveli", az: "İakob Tsurtaveli", ru: "Иаков Цуртавели" } },
  { slug: "baratashvili", population: 13100, name: { ka: "ნიკოლოზ ბარათაშვილი", en: "Nikoloz Baratashvili", az: "Nikoloz Barataşvili", ru: "Николоз Бараташвили" } },
  { slug: "assyrian-fathers", population: 12100, name: { ka: "13 ასურელი მამა", en: "13 Assyrian Fathers", az: "13 Assuriyalı Ata", ru: "13 ассирийских отцов" } },
];

export const goals: Array<{ slug: string; title: Translated; description: Translated }> = [
  {
    slug: "green-city",
    title: { ka: "მწვანე ქალაქი", en: "A green city", az: "Yaşıl şəhər", ru: "Зелёный город" },
    description: {
      ka: "მეტი პარკი, სკვერი და ხე ყველა უბანში.",
      en: "More parks, squares and trees in every district.",
      az: "Hər rayonda daha çox park, meydan və ağac.",
      ru: "Больше парков, скверов и деревьев в каждом районе.",
    },
  },
  {
    slug: "mobility",
    title: { ka: "მობილობა", en: "Mobility", az: "Nəqliyyat və hərəkət", ru: "Транспорт и мобильность" },
    description: {
      ka: "უსაფრთხო ქუჩები, საიმედო საზოგადოებრივი ტრანსპორტი, ტროტუარები და ველობილიკები.",
      en: "Safe streets, reliable public transport, pavements and cycle lanes.",
      az: "Təhlükəsiz küçələr, etibarlı ictimai nəqliyyat, səkilər və velosiped yolları.",
      ru: "Безопасные улицы, надёжный общественный транспорт, тротуары и велодорожки.",
    },
  },
  {
    slug: "clean-air",
    title: { ka: "სუფთა ჰაერი", en: "Clean air", az: "Təmiz hava", ru: "Чистый воздух" },
    description: {
      ka: "ჰაერის ხარისხის გაზომვა და დაბინძურების შემცირება.",
      en: "Measuring air quality and cutting pollution.",
      az: "Havanın keyfiyyətini ölçmək və çirklənməni azaltmaq.",
      ru: "Измерять качество воздуха и сокращать загрязнение.",
    },
  },
  {
    slug: "jobs-economy",
    title: { ka: "სამუშაო ადგილები და ეკონომიკა", en: "Jobs and economy", az: "İş yerləri və iqtisadiyyat", ru: "Рабочие места и экономика" },
    description: {
      ka: "მცირე ბიზნესის მხარდაჭერა, ახალი სამუშაო ადგილები და უნარების განვითარება.",
      en: "Support for small business, new jobs and skills.",
      az: "Kiçik biznesə dəstək, yeni iş yerləri və bacarıqların inkişafı.",
      ru: "Поддержка малого бизнеса, новые рабочие места и навыки.",
    },
  },
  {
    slug: "youth-culture",
    title: { ka: "ახალგაზრდობა და კულტურა", en: "Youth and culture", az: "Gənclər və mədəniyyət", ru: "Молодёжь и культура" },
    description: {
      ka: "სივრცეები ახალგაზრდებისთვის, სპორტი, ხელოვნება და ღონისძიებები.",
      en: "Places for young people, sport, the arts and events.",
      az: "Gənclər üçün məkanlar, idman, incəsənət və tədbirlər.",
      ru: "Места для молодёжи, спорт, искусство и события.",
    },
  },
  {
    slug: "old-city",
    title: { ka: "ძველი ქალაქის რევიტალიზაცია", en: "Revitalising the old city", az: "Köhnə şəhərin canlandırılması", ru: "Возрождение старого города" },
    description: {
      ka: "ისტორიული შენობების, ეზოებისა და ქუჩების აღდგენა.",
      en: "Restoring the historic buildings, courtyards and streets.",
      az: "Tarixi binaların, həyətlərin və küçələrin bərpası.",
      ru: "Восстановление исторических зданий, дворов и улиц.",
    },
  },
  {
    slug: "municipal-services",
    title: { ka: "მუნიციპალური სერვისები", en: "Municipal services", az: "Bələdiyyə xidmətləri", ru: "Муниципальные услуги" },
    description: {
      ka: "სწრაფი და გამჭვირვალე სერვისები ონლაინ და მერიაში.",
      en: "Quick, open services, online and at City Hall.",
      az: "Onlayn və meriyada sürətli, şəffaf xidmətlər.",
      ru: "Быстрые и прозрачные услуги онлайн и в мэрии.",
    },
  },
];

/** Demo accounts for local use only; never created in production unless KHMA_DEMO_ACCOUNTS=1. */
export const demoAccounts = [
  { displayName: "თამარ გელაშვილი", email: "admin@khma.test", role: "admin", password: "rustavi-admin-2030", district: null },
  { displayName: "ლევან ბერიძე", email: "moderator@khma.test", role: "moderator", password: "rustavi-moderator-2030", district: null },
  { displayName: "ნინო კაპანაძე", email: "nino@khma.test", role: "resident", password: "rustavi-resident-2030", district: "old-rustavi" },
  { displayName: "Elvin Məmmədov", phone: "+995555000101", role: "resident", password: "rustavi-resident-2030", district: "gorgasali" },
  { displayName: "Ирина Петрова", email: "irina@khma.test", role: "resident", password: "rustavi-resident-2030", district: "rustaveli" },
] as const;

/** A few demo ideas, so that a local Khma is not empty. Only seeded with the demo accounts. */
export const demoIdeas = [
  {
    author: "nino@khma.test",
    title: "ახალი სკვერი ძველ რუსთავში",
    description:
      "ძველ რუსთავში, კულტურის სახლის უკან, ცარიელი მიწის ნაკვეთია. იქ შეიძლება ხეები დაირგოს, სკამები და ბავშვთა მოედანი მოეწყოს.",
    goal: "green-city",
    district: "old-rustavi",
    status: "published",
    supporters: ["irina@khma.test", "+995555000101"],
    answer: null,
  },
  {
    author: "irina@khma.test",
    title: "Велодорожка вдоль Куры",
    description:
      "Предлагаю сделать велодорожку вдоль набережной Куры, от нового моста до парка. Сейчас велосипедисты едут по проезжей части, это опасно.",
    goal: "mobility",
    district: "rustaveli",
    status: "accepted",
    supporters: ["nino@khma.test"],
    answer: "Велодорожка включена в план мобильности на 2027 год. Проект будет готов весной.",
  },
  {
    author: "+995555000101",
    title: "Uşaq meydançası Qorqasali rayonunda",
    description:
      "Qorqasali rayonunda uşaqlar üçün təhlükəsiz oyun meydançası yoxdur. Məktəbin yanındakı boş həyətdə yeni meydança qurmaq olar.",
    goal: "youth-culture",
    district: "gorgasali",
    status: "published",
    supporters: [],
    answer: null,
  },
  {
    author: "nino@khma.test",
    title: "ჰაერის ხარისხის სენსორები სკოლებთან",
    description: "სკოლებთან ჰაერის ხარისხის სენსორები რომ დამონტაჟდეს, მშობლები ონლაინ ნახავდნენ, რამდენად სუფთაა ჰაერი.",
    goal: "clean-air",
    district: "shartava",
    status: "under_review",
    supporters: ["irina@khma.test"],
    answer: "მერიის გარემოს დაცვის სამსახური ამოწმებს სენსორების ფასს და განთავსების ადგილებს.",
  },
] as const;

/** Demo votes, seeded with the demo ideas: a priority vote and a budget open now, and a closed ranked vote with paper ballots. */
export const demoRounds = {
  priorities: {
    title: { ka: "რუსთავი 2030: რომელი სამი მიზანია ყველაზე მნიშვნელოვანი?", en: "Rustavi 2030: which three goals matter most?", az: "Rustavi 2030: hansı üç məqsəd ən vacibdir?", ru: "Рустави 2030: какие три цели важнее всего?" },
    description: {
      ka: "აირჩიეთ ქალაქის განვითარების გეგმის სამი მიზანი, რომლებზეც მერიამ პირველ რიგში უნდა იმუშაოს.",
      en: "Choose the three goals of the city's development plan that City Hall should work on first.",
      az: "Şəhərin inkişaf planının Bələdiyyənin ilk növbədə üzərində işləməli olduğu üç məqsədini seçin.",
      ru: "Выберите три цели плана развития города, которыми мэрия должна заняться в первую очередь.",
    },
  },
  budget: {
    title: { ka: "მონაწილეობითი ბიუჯეტი 2027", en: "Participatory budget 2027", az: "İştirakçı büdcə 2027", ru: "Бюджет участия 2027" },
    description: {
      ka: "500 000 ლარი ქალაქის პროექტებისთვის. აირჩიეთ პროექტები, რომლებიც გსურთ; მათი ჯამური ღირებულება ბიუჯეტში უნდა ჯდებოდეს.",
      en: "500,000 GEL for city projects. Choose the projects you want; their total cost must fit in the budget.",
      az: "Şəhər layihələri üçün 500 000 lari. İstədiyiniz layihələri seçin; onların ümumi dəyəri büdcəyə sığmalıdır.",
      ru: "500 000 лари на городские проекты. Выберите проекты, которые вы хотите; их общая стоимость должна уложиться в бюджет.",
    },
    projects: [
      { cost: 180_000, goal: "green-city", title: { ka: "სკვერი ძველ რუსთავში", en: "A square in Old Rustavi", az: "Köhnə Rustavidə skver", ru: "Сквер в Старом Рустави" } },
      { cost: 150_000, goal: "mobility", title: { ka: "ველობილიკი მტკვრის გასწვრივ", en: "A cycle path along the Mtkvari", az: "Kür boyunca velosiped yolu", ru: "Велодорожка вдоль Куры" } },
      { cost: 120_000, goal: "youth-culture", title: { ka: "ახალგაზრდული სივრცე ბიბლიოთეკაში", en: "A youth space in the library", az: "Kitabxanada gənclər məkanı", ru: "Молодёжное пространство в библиотеке" } },
      { cost: 90_000, goal: "clean-air", title: { ka: "ჰაერის ხარისხის სენსორები სკოლებთან", en: "Air-quality sensors at schools", az: "Məktəblərin yanında hava keyfiyyəti sensorları", ru: "Датчики качества воздуха у школ" } },
      { cost: 60_000, goal: "municipal-services", title: { ka: "ახალი ავტობუსის გაჩერებები", en: "New bus shelters", az: "Yeni avtobus dayanacaqları", ru: "Новые автобусные остановки" } },
      { cost: 40_000, goal: "green-city", title: { ka: "ხეების დარგვა სკოლების ეზოებში", en: "Trees in school yards", az: "Məktəb həyətlərində ağac əkilməsi", ru: "Деревья в школьных дворах" } },
    ],
  },
  closed: {
    title: { ka: "რა უნდა გაკეთდეს პირველ რიგში ძველ რუსთავში?", en: "What should come first in Old Rustavi?", az: "Köhnə Rustavidə ilk növbədə nə edilməlidir?", ru: "Что сделать в первую очередь в Старом Рустави?" },
    description: {
      ka: "დაალაგეთ სამი ვარიანტი: პირველი ყველაზე მნიშვნელოვანია.",
      en: "Rank three options: the first is the one that matters most.",
      az: "Üç variantı sıralayın: birinci ən vacib olandır.",
      ru: "Расставьте три варианта по порядку: первый — самый важный.",
    },
    options: [
      { title: { ka: "ფასადების აღდგენა", en: "Restoring the facades", az: "Fasadların bərpası", ru: "Восстановление фасадов" } },
      { title: { ka: "ეზოების განახლება", en: "Renewing the courtyards", az: "Həyətlərin yenilənməsi", ru: "Обновление дворов" } },
      { title: { ka: "ქუჩის განათება", en: "Street lighting", az: "Küçə işıqlandırması", ru: "Уличное освещение" } },
      { title: { ka: "ტროტუარების შეკეთება", en: "Repairing the pavements", az: "Səkilərin təmiri", ru: "Ремонт тротуаров" } },
    ],
  },
};

type Q = { type: "single" | "multiple" | "dropdown" | "scale" | "short" | "long" | "number" | "date" | "ranking" | "matrix"; text: Translated; required?: boolean; options?: Translated[]; settings?: Record<string, unknown> };

/** Demo surveys: one open (how residents travel), one closed with answers (parks). */
export const demoSurveys: Array<{ title: Translated; description: Translated; open: boolean; demographics: boolean; questions: Q[] }> = [
  {
    open: true,
    demographics: true,
    title: { ka: "როგორ მოძრაობთ ქალაქში?", en: "How do you get around the city?", az: "Şəhərdə necə hərəkət edirsiniz?", ru: "Как вы передвигаетесь по городу?" },
    description: {
      ka: "თქვენი პასუხები დაგვეხმარება, დავგეგმოთ ავტობუსები, ველობილიკები და ტროტუარები.",
      en: "Your answers help us plan buses, cycle paths and pavements.",
      az: "Cavablarınız avtobusları, velosiped yollarını və səkiləri planlaşdırmağa kömək edir.",
      ru: "Ваши ответы помогут спланировать автобусы, велодорожки и тротуары.",
    },
    questions: [
      {
        type: "single",
        required: true,
        text: { ka: "როგორ მიდიხართ ჩვეულებრივ სამსახურში ან სასწავლებლად?", en: "How do you usually get to work or study?", az: "Adətən işə və ya oxumağa necə gedirsiniz?", ru: "Как вы обычно добираетесь до работы или учёбы?" },
        options: [
          { ka: "ფეხით", en: "On foot", az: "Piyada", ru: "Пешком" },
          { ka: "ავტობუსით ან მიკროავტობუსით", en: "By bus or minibus", az: "Avtobus və ya mikroavtobusla", ru: "На автобусе или маршрутке" },
          { ka: "მანქანით", en: "By car", az: "Maşınla", ru: "На машине" },
          { ka: "ველოსიპედით", en: "By bicycle", az: "Velosipedlə", ru: "На велосипеде" },
        ],
        settings: { other: true },
      },
      {
        type: "scale",
        text: { ka: "რამდენად კმაყოფილი ხართ ავტობუსებით?", en: "How satisfied are you with the buses?", az: "Avtobuslardan nə dərəcədə razısınız?", ru: "Насколько вы довольны автобусами?" },
        settings: { scale: "1-5", minLabel: { ka: "სულაც არა", en: "Not at all", az: "Heç razı deyiləm", ru: "Совсем нет" }, maxLabel: { ka: "ძალიან", en: "Very", az: "Çox razıyam", ru: "Очень" } },
      },
      {
        type: "long",
        text: { ka: "რა უნდა შეიცვალოს პირველ რიგში?", en: "What should change first?", az: "İlk növbədə nə dəyişməlidir?", ru: "Что нужно изменить в первую очередь?" },
      },
    ],
  },
  {
    open: false,
    demographics: true,
    title: { ka: "შეაფასეთ თქვენი უბნის პარკები", en: "Rate the parks in your district", az: "Rayonunuzdakı parkları qiymətləndirin", ru: "Оцените парки вашего района" },
    description: { ka: "2026 წლის შემოდგომის გამოკითხვა.", en: "An autumn 2026 survey.", az: "2026-cı ilin payız sorğusu.", ru: "Опрос осени 2026 года." },
    questions: [
      {
        type: "single",
        required: true,
        text: { ka: "რამდენად ხშირად დადიხართ პარკში?", en: "How often do you go to a park?", az: "Parka nə qədər tez-tez gedirsiniz?", ru: "Как часто вы бываете в парке?" },
        options: [
          { ka: "ყოველდღე", en: "Every day", az: "Hər gün", ru: "Каждый день" },
          { ka: "კვირაში ერთხელ", en: "Once a week", az: "Həftədə bir dəfə", ru: "Раз в неделю" },
          { ka: "იშვიათად", en: "Rarely", az: "Nadir hallarda", ru: "Редко" },
        ],
      },
      {
        type: "matrix",
        text: { ka: "შეაფასეთ პარკში:", en: "Rate in the park:", az: "Parkda qiymətləndirin:", ru: "Оцените в парке:" },
        options: [
          { ka: "სისუფთავე", en: "Cleanliness", az: "Təmizlik", ru: "Чистота" },
          { ka: "განათება", en: "Lighting", az: "İşıqlandırma", ru: "Освещение" },
          { ka: "სკამები", en: "Benches", az: "Skamyalar", ru: "Скамейки" },
        ],
        settings: { scale: "1-5", minLabel: { ka: "ცუდი", en: "Poor", az: "Pis", ru: "Плохо" }, maxLabel: { ka: "კარგი", en: "Good", az: "Yaxşı", ru: "Хорошо" } },
      },
    ],
  },
];

/** Demo measures of the plan, with a progress report each, seeded with the demo data. */
export const demoMeasures: Array<{ goal: string; title: Translated; department: Translated; status: "planned" | "in_progress" | "done"; progress: number; startsOn: string; endsOn: string; update: Translated; linkIdea?: string }> = [
  {
    goal: "mobility",
    title: { ka: "ველობილიკების ქსელი", en: "A cycle path network", az: "Velosiped yolları şəbəkəsi", ru: "Сеть велодорожек" },
    department: { ka: "ტრანსპორტის სამსახური", en: "Transport department", az: "Nəqliyyat xidməti", ru: "Транспортная служба" },
    status: "in_progress",
    progress: 35,
    startsOn: "2026-03-01",
    endsOn: "2028-10-31",
    update: { ka: "პირველი 2 კმ მტკვრის სანაპიროზე მზად არის.", en: "The first 2 km along the Mtkvari embankment are ready.", az: "Kür sahili boyunca ilk 2 km hazırdır.", ru: "Первые 2 км вдоль набережной Куры готовы." },
    linkIdea: "Велодорожка вдоль Куры",
  },
  {
    goal: "green-city",
    title: { ka: "1000 ახალი ხე", en: "1,000 new trees", az: "1000 yeni ağac", ru: "1000 новых деревьев" },
    department: { ka: "კეთილმოწყობის სამსახური", en: "Public spaces department", az: "Abadlaşdırma xidməti", ru: "Служба благоустройства" },
    status: "in_progress",
    progress: 60,
    startsOn: "2025-10-01",
    endsOn: "2027-05-31",
    update: { ka: "დარგულია 600 ხე, უმეტესად სკოლების ეზოებში.", en: "600 trees have been planted, mostly in school yards.", az: "600 ağac əkilib, əsasən məktəb həyətlərində.", ru: "Высажено 600 деревьев, в основном в школьных дворах." },
  },
  {
    goal: "clean-air",
    title: { ka: "ჰაერის ხარისხის მონიტორინგი", en: "Air-quality monitoring", az: "Hava keyfiyyətinin monitorinqi", ru: "Мониторинг качества воздуха" },
    department: { ka: "გარემოს დაცვის სამსახური", en: "Environment department", az: "Ətraf mühitin mühafizəsi xidməti", ru: "Служба охраны окружающей среды" },
    status: "planned",
    progress: 0,
    startsOn: "2027-01-15",
    endsOn: "2027-12-31",
    update: { ka: "სენსორების შესყიდვის ტენდერი გამოცხადდება იანვარში.", en: "The tender for the sensors opens in January.", az: "Sensorların alınması üçün tender yanvarda elan olunacaq.", ru: "Тендер на закупку датчиков объявят в январе." },
  },
];
