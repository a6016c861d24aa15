namespace Matching.Core.Extraction;

/// <summary>
/// Every constant of the extractor's levels, named and explained, as <c>ScoringRules</c> does for scores. A level is
/// what a recruiter reads from the answers: near 1.0 the candidate's main, deep, long-used skill; 0.5 a skill used at
/// work or listed among the tools in use without more said; 0.3 a skill from a course or tried; 0.1 the floor.
/// Changing any of this changes extracted profiles: bump <see cref="ExtractorVersion.Current"/>.
/// </summary>
/// <remarks>
/// One mention's level = base(where) + depth words (≤ <see cref="MaxStrong"/>) + years (<see cref="PerYear"/> each,
/// ≤ <see cref="MaxYears"/>) + a stated data size + a verb of use, capped by its hedge, course or past cue, within
/// [<see cref="Floor"/>, 1]. A skill's level is its best mention's plus repetition across the questionnaire, plus how early
/// it is first named and how many of its neighbours are named beside it.
/// </remarks>
public static class LevelModel
{
    // Where the skill was used: commercial work > research > an internship or an own project > a list of tools in use
    // > named in passing > a course.

    /// <summary>Used in a commercial role: described in a company's experience entry, or a cue says so ("на работе", "в проде").</summary>
    public const double CommercialBase = 0.6;
    /// <summary>Named in the answer to a question about work ("Какие СУБД использовали в работе?") with nothing more said.</summary>
    public const double WorkAnswerBase = 0.55;
    /// <summary>A job title in an experience heading ("#### Acme - ML engineer"): the role, not a demonstration of a skill.</summary>
    public const double JobTitleBase = 0.45;
    /// <summary>Used in an internship.</summary>
    public const double InternshipBase = 0.53;
    /// <summary>Used in research (a lab, a thesis, papers).</summary>
    public const double ResearchBase = 0.5;
    /// <summary>Used in an own project (a pet project, a hackathon).</summary>
    public const double ProjectBase = 0.5;
    /// <summary>Named in an answer that lists the tools the candidate uses.</summary>
    public const double ListBase = 0.53;
    /// <summary>Named in an answer or a text that does not say where it was used: described as what the candidate does.</summary>
    public const double MentionBase = 0.48;
    /// <summary>
    /// Named in the answer to a question about the tasks the candidate applied something to ("опишите проекты или задачи,
    /// в которых вы применяли нейронные сети") with nothing said of where: applied, as a tools list is.
    /// </summary>
    public const double TaskAnswerBase = 0.53;
    /// <summary>Named as a thing the candidate is familiar with ("С какими архитектурами знакомы?").</summary>
    public const double FamiliarBase = 0.45;
    /// <summary>Learnt in a course or at university.</summary>
    public const double CourseBase = 0.3;

    /// <summary>
    /// Recency: a skill named in an experience entry that ended before the candidate's latest one ("2017 – 2021" beside
    /// "2021 – present") keeps this share of its level there; used again now, its current mention counts.
    /// </summary>
    public const double EarlierRoleShare = 0.85;

    /// <summary>What the candidate moved away from ("переехали с Jenkins на GitLab CI"): the level stops here there.</summary>
    public const double MovedAwayCap = 0.45;

    /// <summary>Depth words ("в основном", "daily", "lead", "в проде") add their lexicon value, this much at most.</summary>
    public const double MaxStrong = 0.3;
    /// <summary>A depth word counts in full for up to this many skills it reaches; beyond, each gets its share.</summary>
    public const int StrongFullReach = 2;
    /// <summary>The first skill of a list of <see cref="ListMinItems"/> or more: people name their main tool first.</summary>
    public const double FirstInListBonus = 0.08;
    public const int ListMinItems = 3;
    /// <summary>A question that names this many skills as options ("Sqlite, Postgresql, MySQL…") prompts its answer.</summary>
    public const int PromptingOptions = 2;
    /// <summary>Depth words in a prompted answer choose among the options: they count this share.</summary>
    public const double PromptedStrongShare = 0.5;
    /// <summary>Depth words this strong or stronger ("в основном", "основной", "mainly") can choose among a question's options;
    /// weaker ones say how often or in what role ("каждый день", "в проде") and count in full.</summary>
    public const double ChoosingDepth = 0.2;
    /// <summary>Named in what the candidate calls their stack ("Стек — TypeScript, React"), a depth word of this weight.</summary>
    public const double StackBonus = 0.05;
    /// <summary>"Только Python": the one skill of its kind named, a depth word of this weight.</summary>
    public const double ExclusiveBoost = 0.2;
    /// <summary>What the work was moved onto ("переехали на YOLOv8", "moved … to dbt"), a depth word of this weight.</summary>
    public const double MovedToBoost = 0.1;
    /// <summary>Per year of stated use ("3 года"), up to <see cref="MaxYears"/>.</summary>
    public const double PerYear = 0.04;
    public const double MaxYears = 0.2;
    /// <summary>A data size or load stated about the skill ("база на 2 ТБ", "10k rps").</summary>
    public const double SizeBonus = 0.05;
    /// <summary>A data size stated elsewhere in the same answer.</summary>
    public const double SectionSizeBonus = 0.03;
    /// <summary>A verb of the candidate's own use ("использую", "built").</summary>
    public const double UsageBonus = 0.03;
    /// <summary>Learnt in a course: the level stops here, whatever else is said (a self-rating still stands).</summary>
    public const double CourseCap = 0.35;
    /// <summary>
    /// Depth words said of what was learnt in a course ("the bootcamp was heavily Python-based", "where I'm most
    /// confident") raise it above other course material by this share of their weight, the cap with it.
    /// </summary>
    public const double CourseDepthShare = 0.5;
    /// <summary>"Только видел в универе": seen at university is a course at its weakest, not nothing.</summary>
    public const double SeenInCourseCap = 0.25;
    /// <summary>"используем его процентов на 20": a small share of the work caps the level.</summary>
    public const double SmallShareCap = 0.4;
    /// <summary>"SQL does 90% of my work": a large share is a depth word of this weight.</summary>
    public const double LargeShareBoost = 0.1;
    /// <summary>A self-rating on a scale of 5 maps 1 → this, 5 → 1.0.</summary>
    public const double RatingFloor = 0.25;
    /// <summary>
    /// A hedge this strong or stronger ("почти не работал", "hardly used", "только в теории") says next to nothing was
    /// done: named as someone else's work or denied elsewhere too, the skill is not the candidate's.
    /// </summary>
    public const double HardlyCap = 0.2;
    /// <summary>
    /// Against the candidate's own denial in so many words ("Terraform — не работал", "GraphQL: not really, never in a
    /// project"), a mention hedged this much or more ("familiar", "в теории", "not really") says too little to stand.
    /// </summary>
    public const double TooLittleAgainstDenial = 0.25;
    /// <summary>
    /// A denial of depth ("глубоко ClickHouse не знаю", "I don't know Kafka in depth") caps the level here, as "not deeply"
    /// does: it says how little, not that there was none.
    /// </summary>
    public const double NotInDepthCap = 0.25;
    /// <summary>
    /// A narrower skill at this level or above (a main tool: "Terraform — основной инструмент") outweighs a denial of the
    /// broader skill it belongs to said about one occasion ("без всякого IaC" at one customer): the broader skill is
    /// implied again. Below it, the denial stands ("I haven't done any machine learning" beside a regression named once).
    /// </summary>
    public const double OutweighsDenial = 0.7;
    /// <summary>No skill the candidate names is below this.</summary>
    public const double Floor = 0.1;

    // Repetition counts for more when a skill comes back in another answer or entry (named among the tools and again
    // among the libraries, used at two jobs) than when one answer repeats it.

    /// <summary>Per further part (answer or entry) that names the skill without a hedge.</summary>
    public const double PerPart = 0.08;
    /// <summary>Per further sentence of a part already counted, at most <see cref="MaxWithinPart"/> in all.</summary>
    public const double PerSentence = 0.04;
    public const double MaxWithinPart = 0.12;
    /// <summary>All repetition together, at most.</summary>
    public const double MaxRepetition = 0.2;

    /// <summary>
    /// A broader skill the candidate names ("computer vision", "SQL") is raised to this share of its strongest narrower
    /// skill named: the child credit a job requiring the broader skill gives (ScoringRules.ChildFactor), so naming it
    /// never earns less than inference would, while the tool itself stays above it in the profile. Broad concepts
    /// marked umbrella then keep <see cref="UmbrellaShare"/> of that.
    /// </summary>
    public const double ParentShare = 0.9;

    /// <summary>
    /// A skill the taxonomy marks as an umbrella (databases, machine learning, backend development) keeps this share of
    /// its level, so the candidate's tools and specialities come first in the profile.
    /// </summary>
    public const double UmbrellaShare = 0.75;

    // What a recruiter reads across the whole text: the candidate's main work comes with the tools around it, and a free
    // text (a cover letter, a CV) opens with it. Neither raises a skill the candidate hedged, one behind them, nor a
    // broad concept.

    /// <summary>
    /// Named with its neighbours ("Kafka" beside Kafka Streams, Debezium and schema registry; "Spring Boot" beside Spring
    /// Data and Hibernate): the levels of the skill's parents and related skills the candidate also names, added up, earn
    /// up to this much.
    /// </summary>
    public const double SupportBonus = 0.15;
    /// <summary>Support this large (two or three neighbours at ordinary levels) earns all of <see cref="SupportBonus"/>; less, its share.</summary>
    public const double FullSupport = 2.0;
    /// <summary>
    /// Named early in a free text: people open with their main work ("Я фронтенд-разработчик на Vue…"). Up to this much
    /// for a skill named at the very start, falling in proportion to where its first mention stands in the text (a
    /// questionnaire's answers read one after another). An earlier role does not count.
    /// </summary>
    public const double EarlyBonus = 0.15;
    /// <summary>
    /// Named early in a questionnaire: its first questions ask about the candidate's work, and the answers open with the
    /// main stack. Less than <see cref="EarlyBonus"/>, for the questions set the order.
    /// </summary>
    public const double EarlyAnswerBonus = 0.11;
    /// <summary>A skill first named within this share of the text is said to be named early on in its reason.</summary>
    public const double EarlyShare = 0.1;
    /// <summary>A skill with at least this share of <see cref="FullSupport"/> is said to be named beside its neighbours.</summary>
    public const double SupportedShare = 0.5;
    /// <summary>
    /// Order and neighbours say nothing in a few lines ("Terraform, Ansible, Vault."): both count in a text at least this
    /// long (characters; a questionnaire's answers run to thousands).
    /// </summary>
    public const int WholeTextMin = 800;

    /// <summary>
    /// Above this, what adds to a level counts for less and less as it nears 1 (<see cref="Squash"/>), so that two strong
    /// skills keep their order instead of both stopping at 1.0.
    /// </summary>
    public const double Knee = 0.8;

    /// <summary>
    /// A level from what was added up: itself up to <see cref="Knee"/>, then rising ever more slowly towards 1; never
    /// below <see cref="Floor"/>. Order is kept: more said is never less.
    /// </summary>
    public static double Squash(double level) =>
        level <= Knee ? Math.Max(Floor, level) : Knee + (1 - Knee) * Math.Tanh((level - Knee) / (1 - Knee));

    /// <summary>Levels are stored with this many decimals.</summary>
    public const int Decimals = 2;

    internal static double BaseOf(Where where) => where switch
    {
        Where.Commercial => CommercialBase,
        Where.Research => ResearchBase,
        Where.Internship => InternshipBase,
        Where.Project => ProjectBase,
        Where.List => ListBase,
        Where.Familiar => FamiliarBase,
        Where.Course => CourseBase,
        _ => MentionBase,
    };

    /// <summary>One mention's level (before repetition), within [<see cref="Floor"/>, 1].</summary>
    internal static double MentionLevel(MentionScope m, Where where, bool sectionSize, double @base, bool firstInList)
    {
        double level;
        var cap = m.Cap;
        if (m.Rating is { } r)
            level = r.Scale == 5 ? RatingFloor + (1 - RatingFloor) * Math.Max(0, r.Value - 1) / 4 : Math.Max(Floor, r.Value / r.Scale);
        else if (where == Where.Course)
        {
            var depth = CourseDepthShare * Math.Min(MaxStrong, m.Strong);
            cap = Math.Min(cap, CourseCap + depth);
            level = BaseOf(where) + depth;
        }
        else
        {
            level = @base + Math.Min(MaxStrong, m.Strong);
            if (firstInList) level += FirstInListBonus;
            level += Math.Min(MaxYears, PerYear * m.Years);
            if (m.Size) level += SizeBonus;
            else if (sectionSize && !m.Hedged) level += SectionSizeBonus;
            if (m.Usage) level += UsageBonus;
        }
        return Math.Max(Floor, Math.Min(Squash(level), cap));
    }

    /// <summary>Repetition bonus for a skill named without a hedge in <paramref name="parts"/> parts and <paramref name="sentences"/> sentences.</summary>
    internal static double Repetition(int parts, int sentences)
    {
        if (parts <= 0) return 0;
        var across = PerPart * (parts - 1);
        var within = Math.Min(MaxWithinPart, PerSentence * Math.Max(0, sentences - parts));
        return Math.Min(MaxRepetition, across + within);
    }
}
