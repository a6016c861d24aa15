using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>What a cue phrase says about the skills near it.</summary>
internal enum CueKind : byte
{
    /// <summary>The candidate does not have the skill: "не работал с", "never used", "no experience with".</summary>
    Negation,
    /// <summary>Looks like a negation but is not one ("не только", "not only", "не раз"); wins by being longer.</summary>
    NotNegation,
    /// <summary>Knows of it without using it: "только слышал", "only read about", "смотрели", "looked at".</summary>
    NoExperience,
    /// <summary>Wants it, has not got it: "хочу изучить", "want to learn", "в планах".</summary>
    Intent,
    /// <summary>Has it, weakly; <see cref="Cue.Value"/> caps the level: "базово", "familiar with", "немного".</summary>
    Hedge,
    /// <summary>Learnt in a course or at university; caps the level.</summary>
    Course,
    /// <summary>Long ago or no longer used; caps the level: "в студенчестве", "давно", "years ago".</summary>
    Past,
    /// <summary>Raises the level by <see cref="Cue.Value"/>: "в основном", "mainly", "daily", "lead", "в проде".</summary>
    Strong,
    /// <summary>Paid work: "на работе", "коммерческий", "at work", "in production".</summary>
    Commercial,
    /// <summary>Own project: "пет-проект", "side project", "хакатон", "kaggle".</summary>
    Project,
    /// <summary>Research: "исследование", "статьи", "research", "papers".</summary>
    Research,
    /// <summary>A verb of doing: "использую", "писал", "used", "built". Marks a mention as the candidate's own use.</summary>
    Usage,
    /// <summary>"только", "only": with a single skill it means that skill and no other of its kind.</summary>
    Only,
    /// <summary>A conjunction that starts a new clause: "но", "а", "однако", "but", "however".</summary>
    Boundary,
    /// <summary>Words that join list items without saying anything about them: "и", "или", "and", "например".</summary>
    ListJoin,
    /// <summary>A word that makes an ambiguous alias technical: "язык", "код", "stack", "framework".</summary>
    TechContext,
    /// <summary>A unit of time; <see cref="Cue.Value"/> is its length in years ("лет" 1, "месяцев" 1/12, "полгода" 0.5).</summary>
    Years,
    /// <summary>A unit of data size or load: "млн", "ГБ", "rows", "rps".</summary>
    Size,
    /// <summary>A number written as a word; <see cref="Cue.Value"/> is the number.</summary>
    NumberWord,
    /// <summary>A pronoun that points back at a skill named before: "it", "them", "с ним", "их".</summary>
    Pronoun,
    /// <summary>Someone else does it: "этим занимается DevOps", "чарты делает девопс", "is run by the platform team".</summary>
    Others,
    /// <summary>Vacancy: the skill is required ("обязательно", "требования", "must", "required").</summary>
    Required,
    /// <summary>Vacancy: the skill is a plus ("будет плюсом", "желательно", "nice to have").</summary>
    Nice,
    /// <summary>Vacancy: what the employer offers; skills named there are not asked of the candidate.</summary>
    Offer,
    /// <summary>Vacancy: the job's duties; skills named there are expected but weigh less than requirements.</summary>
    Duties,
    /// <summary>Vacancy: a demanding level ("глубокое знание", "strong", "expert", "senior").</summary>
    HighLevel,
    /// <summary>Vacancy: a modest level ("базовое знание", "понимание", "familiarity").</summary>
    LowLevel,
}

/// <param name="Exact">Matched by the words as written, not by their stems (verb forms: "написал" is not "написана").</param>
internal readonly record struct Cue(CueKind Kind, double Value, string Phrase, bool Exact = false);

/// <summary>A cue found in a token range (token indexes, end exclusive).</summary>
internal readonly record struct CueHit(Cue Cue, int FirstToken, int EndToken)
{
    public CueKind Kind => Cue.Kind;
    public double Value => Cue.Value;
}

/// <summary>
/// The phrase lists behind negation, hedging, proficiency and vacancy wording, in Russian and English. Phrases are
/// tokenised and stemmed like the text, so one form of a Russian word covers its inflections (работал/работала/
/// работали). Longest match wins, which is how "не только" escapes "не" and "not much" becomes a hedge.
/// </summary>
internal static class Cues
{
    private static readonly (CueKind Kind, double Value, string[] Phrases)[] Lexicon =
    [
        (CueKind.Negation, 0, [
            "не работал", "не работала", "не работали", "не работаю", "не работаем", "не поработал", "не поработать",
            "не использовал", "не использовала", "не использовали", "не использую", "не используем", "не использовался",
            "не сталкивался", "не сталкивалась", "не сталкивались", "не сталкиваюсь", "не доводилось", "не довелось",
            "не приходилось", "не пришлось", "не трогал", "не трогала", "не трогали", "не пробовал", "не пробовала",
            "не пробовали", "не писал", "не писала", "не писали", "не пишу", "не знаю", "не знаком", "не знакома",
            "не знакомы", "не применял", "не применяла", "не применяли", "не пользовался", "не пользовалась",
            "не пользовались", "не изучал", "не изучала", "не изучали", "не имею", "не имел", "не имела", "не было",
            "не делал", "не делала", "не делали", "не внедряли", "не внедрили", "не внедрял", "не деплоил",
            "не деплоили", "не касался", "не касалась", "не умею", "не владею", "не щупал", "не щупала",
            "не настраивал", "не настраивала", "не поднимал", "не поднимала", "не администрировал", "не обучал",
            "не обучала", "не программировал", "не программирую", "не разрабатывал", "не разрабатывала",
            "не собирала", "не собирал", "не получилось", "не удалось", "не довелось поработать",
            "никогда", "ни разу", "нет опыта", "опыта нет", "нет", "отсутствует", "отсутствие опыта",
            "ничего не", "не в курсе", "мимо меня", "не потяну", "не требуется", "не требуются", "не нужен",
            "не нужна", "не нужно", "не нужны", "not required", "not needed", "no need",
            "no hands-on experience", "no hands on experience", "no real experience", "no practical experience",
            "no commercial experience", "no production experience", "no professional experience", "no experience",
            "never", "not", "no", "nor", "neither", "without", "don't", "dont", "do not", "doesn't", "does not",
            "didn't", "didnt", "did not", "haven't", "havent", "have not", "hasn't", "has not", "hadn't", "had not",
            "can't", "cant", "cannot", "can not", "wasn't", "weren't", "won't", "isn't", "aren't",
        ]),
        // Negations that only reach forward: "без Docker", "without Kubernetes" (not "Python без фреймворков").
        (CueKind.Negation, 1, [
            "без", "without", "lack", "lacking", "lack of", "отсутствие", "кроме", "rather than", "instead of", "вместо",
            "а не", "but not", "не на",
        ]),
        (CueKind.NotNegation, 0, [
            "не только", "не менее", "не меньше", "не раз", "не один", "не одну", "не одного", "не хуже",
            "не просто", "не всегда", "нет проблем", "без проблем", "без даунтайма", "без простоя", "не важно",
            "не так ли", "кроме того", "кроме этого", "not only", "not just", "not least", "no less", "no problem", "no problems", "not always",
            "not optional", "not bad", "no matter", "no longer", "can't wait", "cannot wait", "not to mention",
            "no doubt", "not necessarily",
        ]),
        (CueKind.NoExperience, 0, [
            "только слышал", "только слышала", "слышал о", "слышала о", "только слышали", "только читал", "только читала",
            "читал про", "читала про",
            "рассматривали", "присматривались", "смотрю в его сторону", "смотрю в сторону",
            "на собеседованиях", "на собеседовании", "на собесах", "at interviews", "in interviews", "в вакансиях",
            "видел", "видела", "видел только", "видела только", "только видел", "только видела",
            "only read about", "only heard", "heard of", "heard about", "read about", "only seen",
        ]),
        (CueKind.Intent, 0, [
            "хочу изучить", "хочу выучить", "хочу освоить", "хочу попробовать", "хочу научиться", "планирую изучить",
            "планирую освоить", "в планах", "в планах на изучение", "давно хочу", "хотелось бы изучить",
            "хотел бы", "хотела бы", "хочу углубиться", "хочу развиваться", "расти в сторону", "вырасти в", "вырасти до",
            "хочется", "интересно было бы", "go deeper into", "would love to", "i'd love to", "grow into", "grow towards",
            "want to learn", "would like to learn", "plan to learn", "planning to learn", "keen to learn",
            "happy to learn", "eager to learn", "hope to learn", "would love to learn", "want to try",
        ]),
        (CueKind.Hedge, 0.25, [
            "знаком", "знакома", "знакомы", "знакомство", "familiar", "familiarity", "трогал", "трогала", "трогали",
            "поверхностно", "поверхностные", "superficial", "superficially", "в теории", "знаю в теории",
            "только в теории", "in theory", "theoretical", "theoretically", "немного знаком", "базово знаком",
            "самую малость", "поигрался", "поигралась", "played with", "toyed with", "не хватает", "не хватало", "не глубоко",
            "не очень", "не особо", "not deeply", "not very", "not really", "barely", "rusty", "подзабыл", "подзабыла",
            "глубоких знаний нет", "no deep knowledge", "не эксперт", "not an expert",
        ]),
        (CueKind.Hedge, 0.3, [
            "немного", "немножко", "чуть-чуть", "слегка", "базово", "базовый", "базовые", "базовое", "базовом",
            "базовых", "на базовом уровне", "знаю основы", "на уровне основ", "мало опыта", "мало практического опыта", "мало", "небольшой опыт",
            "пробовал", "пробовала", "пробовали", "попробовал", "попробовала", "попробовали", "экспериментировал",
            "экспериментировала", "скорее эксперимент", "как эксперимент", "ради эксперимента", "в качестве эксперимента",
            "экспериментально", "могу читать", "могу прочитать", "=читаю", "can read", "i can read",
            "a bit", "a little", "little", "basic", "basics", "basically", "limited", "beginner", "начальный",
            "начальном", "tried", "trying", "experimented", "not much", "not a lot", "не так много", "не много",
            "не слишком", "not too", "на уровне", "at the level", "at a basic level", "на уровне пользователя",
            "as a user", "как пользователь", "поправить", "can fix", "fix small things", "wouldn't call myself",
            "не назову себя", "can't say", "cannot say", "не могу сказать", "not sure", "не уверен", "не уверена",
            "=изучаю", "=учу", "=понимаю", "understand", "тестовое задание", "тестовом задании", "тестовые задания",
            "test assignment", "take-home",
            "точечно", "still learning", "currently learning", "am learning", "i'm learning",
        ]),
        (CueKind.Hedge, 0.4, ["some", "somewhat", "less fluent", "occasionally", "иногда", "изредка", "rarely", "редко",
            "only for", "только для", "когда нужно", "когда надо", "если очень надо", "если нужно", "when i need",
            "when needed", "if needed", "when necessary",
            // A helping hand, not the owner: "помогал писать сервис", "я ревьюил и помогал с постановкой", "helped with".
            "=помогал", "=помогала", "helped with", "assisted with", "assisted in", "i helped",
            "i assisted"]),
        // Used first and left behind: the level is modest, below what is used now.
        (CueKind.Past, 0.45, [
            "initially", "originally", "at first", "started with", "изначально", "в самом начале", "в начале карьеры",
            "first version", "version one", "первая версия", "первую версию", "начинали с", "начинал с", "начинала с",
        ]),
        (CueKind.Course, 0.35, [
            "курс", "курса", "курсе", "курсы", "курсов", "курсах", "курсам", "курсом", "на курсе", "курсовая",
            "курсовой", "курсовую", "курсовых", "курсач", "course", "courses", "coursework", "coursera", "stepik",
            "stepic", "bootcamp", "буткемп", "университет", "университете", "универ", "универе", "вуз", "вузе",
            "институт", "институте", "учеба", "учебе", "учебы", "учебный", "учебные", "учебных", "учебном", "по учебе",
            "обучение в", "university", "uni", "college", "school", "семестр", "семестра", "semester", "домашки",
            "домашние задания", "homework", "assignment", "assignments", "textbook", "tutorial", "tutorials",
            "олимпиадные", "олимпиад", "лабораторные", "лабы", "диплом", "дипломная", "дипломе", "thesis",
            "сертификат", "certificate", "certification", "mooc", "практикум", "практикуме", "deep learning school",
            "at university", "в университете",
        ]),
        (CueKind.Past, 0.35, [
            "в студенчестве", "студенческие", "давно", "давно не", "years ago", "long ago", "раньше", "ранее",
            "в прошлом", "из прошлой жизни", "когда-то", "в первые годы", "с тех пор не", "пришлось бы вспоминать",
            "used to", "back in", "back then", "in the past", "previously", "formerly", "first years", "early years",
            "на первом курсе", "на первой работе", "на старой работе", "на старых проектах", "legacy", "легаси",
            "бывший", "haven't used since", "не открывал", "не открывала", "не возвращался", "не возвращалась",
        ]),
        (CueKind.Strong, 0.2, [
            "в основном", "основной", "основная", "основное", "основном", "главный",
            "mainly", "mostly", "primarily", "main", "primary", "most of", "majority", "predominantly",
            "more fluent", "fluent", "expert", "эксперт", "экспертный", "глубоко", "deep", "deeply", "in depth",
            "отлично знаю", "хорошо знаю", "знаю хорошо", "знаю отлично", "уверенно", "confident", "confidently", "strong", "advanced", "very strong",
            "продвинутый", "продвинутом",
        ]),
        (CueKind.Strong, 0.15, [
            "каждый день", "ежедневно", "ежедневный", "ежедневной", "daily", "every day", "everyday", "day to day",
            "постоянно", "regularly", "all the time", "почти везде", "везде", "everywhere",
        ]),
        (CueKind.Strong, 0.1, [
            "lead", "led", "leading", "руковожу", "руководил", "руководила", "веду", "вел", "вела", "тимлид",
            "лид", "техлид", "own", "owned", "owner", "отвечаю за", "отвечал за", "отвечала за", "responsible",
            "в проде", "в прод", "в продакшене", "в продакшн", "в продакшен", "продакшн", "продакшен", "на проде",
            "prod", "production", "in production", "highload", "хайлоад", "сам", "сама", "сами", "myself",
            "from scratch", "с нуля", "архитектор", "architected", "designed", "спроектировал", "спроектировала",
            "comfortable",
        ]),
        (CueKind.Commercial, 0, [
            "на работе", "в работе", "на работу", "рабочий", "рабочих", "рабочем", "at work", "at my job", "on the job",
            "коммерческий", "коммерческой", "коммерческого", "коммерческом", "коммерческие", "коммерчески",
            "commercial", "commercially", "professionally", "профессионально", "в компании", "в команде",
            "in production", "в проде", "в продакшене", "на проде", "клиентов", "клиента", "заказчика", "customer",
            "customers", "clients", "client", "current job", "current role", "текущей компании", "текущей работе",
            "на текущем месте", "in my current", "at my current", "at my previous", "на прошлой работе", "в своей работе", "в вашей работе", "in your work", "in your job",
            "at your job", "at your work", "professional experience", "опыт работы", "work experience",
            "на предыдущей работе", "previous job", "on-call",
        ]),
        (CueKind.Project, 0, [
            "пет-проект", "пет проект", "пет-проекте", "пет-проекты", "пет-проектов", "pet-project", "pet project",
            "pet projects", "side project", "side projects", "personal project", "hobby", "хобби", "для себя",
            "for myself", "for fun", "свой проект", "своем проекте", "своём проекте", "личный проект", "личном проекте",
            "хакатон", "хакатоне", "хакатонов", "хакатонах", "hackathon", "hackathons", "kaggle", "каггл",
            "open source", "opensource", "опенсорс",
        ]),
        (CueKind.Research, 0, [
            "исследование", "исследования", "исследований", "исследовании", "исследованиях", "исследователь",
            "научные", "научный", "научной", "научных", "статьи", "статей", "статья", "публикации", "публикаций",
            "диссертация", "диссертации", "research", "researcher", "paper", "papers", "publication", "publications",
            "phd", "postdoc", "postdoctoral", "аспирантура", "аспирант", "лаборатория", "лаборатории", "laboratory",
            "conference", "конференции", "конференциях", "benchmark", "бенчмарк",
        ]),
        (CueKind.Usage, 0, [
            "использую", "использовал", "использовала", "использовали", "используем", "используется", "использовался",
            "применяю", "применял", "применяла", "применяли", "применяем", "работаю", "работал", "работала",
            "работали", "работаем", "пишу", "писал", "писала", "писали", "написал", "написала", "написали",
            "делаю", "делал", "делала", "делали", "сделал", "сделала", "разрабатываю", "разрабатывал", "разработал",
            "разработала", "разработали", "разработан", "разработана", "разработка", "разработке", "построил",
            "построила", "построили", "строю", "настраиваю", "настраивал", "настраивала", "настроил", "настроила",
            "поднимал", "поднимала", "поднял", "подняла", "деплоил", "деплоим", "деплоимся", "обучал", "обучала",
            "обучали", "дообучал", "дообучала", "дообучали", "внедрил", "внедрила", "внедрили", "поддерживаю",
            "поддерживал", "поддерживала", "умею", "знаю", "владею", "пользуюсь", "пользовался", "пользовалась",
            "переписал", "переписала", "переписали", "перевел", "перевела", "перевели", "мигрировал", "вынес",
            "use", "used", "using", "uses", "work with", "worked", "working", "wrote", "write", "writing", "written",
            "built", "build", "building", "developed", "develop", "deployed", "deploy", "maintain", "maintained",
            "set up", "configured", "trained", "fine-tuned", "implemented", "migrated", "rewrote", "know",
            "rely on", "shipped", "ran", "run", "touch", "touched", "applied", "apply", "edit", "edited", "administered", "tuned", "optimised", "optimized", "опыт", "experience",
        ]),
        // Someone else does it. Value 1: the doer follows ("этим занимается DevOps", "written by our DevOps");
        // value 0: the doer is named first ("the web team uses React Native").
        (CueKind.Others, 1, [
            "занимается", "занимаются", "делает", "делают", "ведет", "ведёт", "ведут", "пишет", "пишут", "отвечает за",
            "отвечают за", "поддерживает", "поддерживают", "is run by", "are run by", "run by", "owned by",
            "is written by", "written by", "maintained by", "managed by", "handled by", "done by",
        ]),
        (CueKind.Others, 0, [
            "коллега", "коллеги", "коллеге", "коллегам", "ребята", "другая команда", "другой команды",
            "соседняя команда", "соседней команды", "платформенная команда", "команда платформы", "owns it",
            "the platform team", "the web team", "another team", "other team", "a separate team", "my colleague",
            "colleagues", "is separate",
        ]),
        (CueKind.Only, 0, ["только", "only", "исключительно", "exclusively", "solely", "purely"]),
        (CueKind.Boundary, 0, [
            "но", "а", "однако", "зато", "хотя", "но при этом", "а вот", "поэтому", "потому что", "так как",
            "так что", "but", "however", "although", "though", "whereas", "while", "because", "so",
        ]),
        (CueKind.ListJoin, 0, [
            "и", "или", "а также", "также", "плюс", "и др", "и т д", "и т п", "и прочее", "и другие", "тоже", "например",
            "в том числе", "типа", "вроде", "как", "and", "or", "also", "plus", "as well as", "etc", "too", "either",
            "e g", "eg", "for example", "such as", "including", "like", "with", "с", "со", "на", "via", "через",
            "from", "из", "then", "потом", "затем", "сначала", "first",
        ]),
        (CueKind.TechContext, 0, [
            "язык", "языки", "языках", "языков", "языке", "программирование", "программирования", "программист",
            "programming", "language", "languages", "lang", "код", "кода", "коде", "code", "coding", "скрипт",
            "скрипты", "скриптов", "script", "scripts", "scripting", "стек", "stack", "фреймворк", "фреймворки",
            "framework", "frameworks", "библиотека", "библиотеки", "библиотек", "library", "libraries", "инструмент",
            "инструменты", "tool", "tools", "tooling", "технологии", "технологий", "technology", "technologies",
            "sdk", "api", "бэкенд", "backend", "back-end", "фронтенд", "frontend", "разработчик", "developer", "dev",
            "engineer", "инженер", "compiler", "компилятор", "пишу на", "писал на", "писала на", "write in",
            "wrote in", "written in", "на нем", "бэкендер", "сервис", "сервисы", "service", "services", "утилита",
            "cli", "бот", "bot", "прошивки", "firmware", "микросервисы", "microservices", "репозиторий", "repository",
            "парсер", "модели", "model", "models", "pipeline", "пайплайн", "деплой", "deploy", "контроллер",
            "controller", "operator", "оператор", "провайдер", "provider", "query", "queries", "запросы",
            "база данных", "базы данных", "database", "databases", "субд", "dbms", "orm", "cluster", "кластер",
        ]),
        (CueKind.Years, 1, ["год", "года", "лет", "годы", "годами", "year", "years", "yrs", "yr", "y.o.e", "yoe"]),
        (CueKind.Years, 0.5, ["полгода", "полугода", "half a year", "six months"]),
        (CueKind.Years, 1.0 / 12, ["месяц", "месяца", "месяцев", "мес", "month", "months"]),
        (CueKind.Size, 0, [
            "тыс", "тысяч", "тысячи", "млн", "миллион", "миллиона", "миллионов", "миллионы", "млрд", "миллиард",
            "миллиарда", "миллиардов", "thousand", "thousands", "million", "millions", "billion", "billions", "k", "к",
            "m", "mln", "b", "bn", "гб", "тб", "пб", "gb", "tb", "pb", "гигабайт", "терабайт", "петабайт", "gigabytes",
            "terabytes", "petabytes", "rps", "qps", "rpm", "tps",
        ]),
        (CueKind.NumberWord, 1, ["один", "одного", "одну", "одна", "one", "a single"]),
        (CueKind.NumberWord, 1.5, ["полтора", "полутора", "one and a half"]),
        (CueKind.NumberWord, 2, ["два", "двух", "две", "пару", "пара", "two", "a couple", "couple of", "a couple of"]),
        (CueKind.NumberWord, 3, ["три", "трех", "three", "несколько", "several", "a few"]),
        (CueKind.NumberWord, 4, ["четыре", "четырех", "four"]),
        (CueKind.NumberWord, 5, ["пять", "пяти", "five"]),
        (CueKind.NumberWord, 6, ["шесть", "шести", "six"]),
        (CueKind.NumberWord, 7, ["семь", "семи", "seven"]),
        (CueKind.NumberWord, 8, ["восемь", "восьми", "eight"]),
        (CueKind.NumberWord, 9, ["девять", "девяти", "nine"]),
        (CueKind.NumberWord, 10, ["десять", "десяти", "ten"]),
        (CueKind.NumberWord, 11, ["одиннадцать", "одиннадцати", "eleven"]),
        (CueKind.NumberWord, 12, ["двенадцать", "двенадцати", "twelve"]),
        (CueKind.Pronoun, 0, [
            "it", "them", "its", "this one", "that one", "его", "ее", "их", "ним", "ней", "ними", "нем", "нём", "этим",
            "этого", "него", "нее", "него", "им",
        ]),
        // Value 1: a need, which in a questionnaire describes a job rather than the candidate ("где нужен сильный DL").
        (CueKind.Required, 1, [
            "требуется", "требуются", "необходимо", "необходим", "необходима", "необходимы", "нужно", "нужен", "нужна",
            "нужны", "required", "require", "requires", "you will need", "need", "needed",
        ]),
        (CueKind.Required, 0, [
            "обязательно", "обязательны", "обязательный", "обязательные", "обязательное", "требования", "ожидаем",
            "ждем", "мы ждем от вас", "что мы ждем", "must", "must have", "must-have", "requirements", "you have",
            "you should have", "essential", "mandatory", "we expect", "what we expect", "qualifications",
            "who you are", "what you bring", "you bring",
        ]),
        (CueKind.Nice, 0, [
            "будет плюсом", "плюсом будет", "будет преимуществом", "преимуществом будет", "желательно",
            "желателен", "желательна", "желательны", "приветствуется", "приветствуются", "как плюс",
            "большим плюсом", "nice to have", "nice-to-have", "a plus", "bonus", "bonus points", "preferred",
            "is a plus", "would be a plus", "would be nice", "advantage", "an advantage", "desirable", "optional",
            "ideally", "в идеале", "не обязательно", "необязательно", "не обязателен", "не обязательна",
        ]),
        (CueKind.Offer, 0, [
            "мы предлагаем", "что мы предлагаем", "предлагаем", "условия", "we offer", "what we offer", "benefits",
            "perks", "мы даем", "компенсация", "compensation",
        ]),
        (CueKind.Duties, 0, [
            "обязанности", "задачи", "чем предстоит заниматься", "что делать", "responsibilities",
            "what you will do", "what you'll do", "your tasks", "the role", "you will",
        ]),
        (CueKind.HighLevel, 0.75, [
            "глубокое знание", "глубокие знания", "глубокий опыт", "отличное знание", "уверенное знание",
            "уверенный опыт", "strong", "deep", "expert", "expertise", "extensive", "senior", "advanced",
            "proficiency", "proficient", "solid", "excellent", "в совершенстве", "экспертиза", "сильный",
        ]),
        (CueKind.LowLevel, 0.25, [
            "базовое знание", "базовые знания", "базовое понимание", "понимание", "понимать", "знакомство",
            "basic", "basic knowledge", "familiarity", "familiar", "understanding", "awareness", "exposure",
            "представление",
        ]),
    ];

    private static readonly Lazy<PhraseTrie<Cue>> Trie = new(Build);

    public static PhraseTrie<Cue> Phrases => Trie.Value;

    private static PhraseTrie<Cue> Build()
    {
        var trie = new PhraseTrie<Cue>();
        var seen = new HashSet<(CueKind, string)>();
        foreach (var (kind, value, phrases) in Lexicon)
        {
            // Verbs of doing are listed form by form and matched as written: "написал" is use, "написана" is not.
            var exact = kind is CueKind.Usage or CueKind.Others;
            // A phrase written "=…" is matched as written too ("=читаю" is not "читает").
            foreach (var phrase in phrases)
                Add(trie, kind, value, phrase.TrimStart('='), exact || phrase.StartsWith('='), seen);
        }
        return trie;
    }

    /// <summary>A trie of the taxonomy's context cue words ("language", "фреймворк"), or of the built-in ones.</summary>
    public static PhraseTrie<Cue> ContextTrie(IReadOnlyList<string> words)
    {
        var trie = new PhraseTrie<Cue>();
        var seen = new HashSet<(CueKind, string)>();
        if (words.Count == 0)
        {
            foreach (var (kind, _, phrases) in Lexicon)
                if (kind == CueKind.TechContext)
                    foreach (var phrase in phrases) Add(trie, CueKind.TechContext, 0, phrase, false, seen);
        }
        foreach (var word in words) Add(trie, CueKind.TechContext, 0, word, false, seen);
        return trie;
    }

    private static void Add(PhraseTrie<Cue> trie, CueKind kind, double value, string phrase, bool exact, HashSet<(CueKind, string)> seen)
    {
        var tokens = Tokenizer.Tokenize(phrase);
        if (tokens.Count == 0) return;
        var keys = tokens.Select(t => exact ? t.Key : t.Match).ToArray();
        if (seen.Add((kind, string.Join(' ', keys)))) trie.Add(keys, new Cue(kind, value, phrase, exact));
    }

    /// <summary>
    /// Every cue in <c>tokens[from..to)</c>, longest first at each position; several kinds may share one phrase
    /// ("в проде" is commercial and strong). Cues do not span a sentence end.
    /// </summary>
    public static void Find(List<Token> tokens, int from, int to, List<CueHit> into) => Find(Phrases, tokens, from, to, into);

    public static void Find(PhraseTrie<Cue> trie, List<Token> tokens, int from, int to, List<CueHit> into)
    {
        var root = trie.Root;
        var i = from;
        while (i < to)
        {
            var node = root;
            PhraseTrie<Cue>.Node? best = null;
            var bestEnd = i;
            for (var j = i; j < to; j++)
            {
                if (j > i && tokens[j].Before >= Gap.Clause) break;
                node = node.Child(tokens[j].Match) ?? (tokens[j].Key != tokens[j].Match ? node.Child(tokens[j].Key) : null)!;
                if (node is null) break;
                if (node.Values is not null) { best = node; bestEnd = j + 1; }
            }
            if (best is null) { i++; continue; }
            foreach (var cue in best.Values!) into.Add(new CueHit(cue, i, bestEnd));
            i = bestEnd;
        }
    }
}
