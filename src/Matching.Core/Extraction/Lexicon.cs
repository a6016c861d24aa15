using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>What a cue phrase says about the skills near it (the lexicon files' <c>cues</c> keys, camelCased).</summary>
internal enum CueKind : byte
{
    /// <summary>The candidate does not have the skill. Value 1: reaches forward only ("без Docker").</summary>
    Negation,
    /// <summary>Looks like a negation but is not one ("не только", "not only"); wins by being longer.</summary>
    NotNegation,
    /// <summary>Knows of it without using it: "только слышал", "only read about".</summary>
    NoExperience,
    /// <summary>Wants it, has not got it: "хочу изучить", "would like to try".</summary>
    Intent,
    /// <summary>Said as a possibility, not as done: "можно попробовать", "could try"; the value caps the level.</summary>
    Hypothetical,
    /// <summary>Has it, weakly; the value caps the level: "базово", "familiar with", "немного".</summary>
    Hedge,
    /// <summary>Learnt in a course or at university; caps the level.</summary>
    Course,
    /// <summary>Long ago or no longer used; caps the level: "в студенчестве", "years ago".</summary>
    Past,
    /// <summary>Raises the level by the value: "в основном", "daily", "lead", "в проде".</summary>
    Strong,
    /// <summary>Paid work: "на работе", "in production".</summary>
    Commercial,
    /// <summary>Own project: "пет-проект", "hackathon".</summary>
    Project,
    /// <summary>Research: "исследование", "papers".</summary>
    Research,
    /// <summary>A verb of doing: marks a mention as the candidate's own use.</summary>
    Usage,
    /// <summary>"только", "only": with a single skill it means that skill and no other of its kind.</summary>
    Only,
    /// <summary>A conjunction that starts a new clause: nothing spreads across it.</summary>
    Boundary,
    /// <summary>Words that join list items without saying anything about them.</summary>
    ListJoin,
    /// <summary>A word that makes an ambiguous alias technical ("язык", "framework").</summary>
    TechContext,
    /// <summary>A unit of time; the value is its length in years.</summary>
    Years,
    /// <summary>A unit of data size or load.</summary>
    Size,
    /// <summary>A number written as a word; the value is the number.</summary>
    NumberWord,
    /// <summary>A pronoun that points back at a skill named before.</summary>
    Pronoun,
    /// <summary>
    /// Someone else does it. Value 1: the doer follows ("этим занимается DevOps"). Value 2: a verb in the past, which
    /// can be the candidate's own ("настраивал Kubernetes"), so the doer that follows must be people: a role, a team
    /// ("настраивала платформенная команда").
    /// </summary>
    Others,
    /// <summary>Vacancy: required. Value 1: a need, which in a questionnaire describes a job.</summary>
    Required,
    /// <summary>Vacancy: a plus.</summary>
    Nice,
    /// <summary>Vacancy: what the employer offers.</summary>
    Offer,
    /// <summary>Vacancy: the job's duties.</summary>
    Duties,
    /// <summary>Vacancy: a demanding level; the value is the minimum level asked.</summary>
    HighLevel,
    /// <summary>Vacancy: a modest level; the value is the minimum level asked.</summary>
    LowLevel,
    /// <summary>Opens a subordinate clause ("when", "which", "который"): a skill on its far side gives no context.</summary>
    Subordinate,
    /// <summary>
    /// Moving from one tool to another: value 0 a verb ("переехали", "migrated"), 1 the word before what was left
    /// ("с", "из", "from"), 2 the word before what came instead ("на", "в", "to").
    /// </summary>
    Migration,
    /// <summary>
    /// Names where something runs ("runs on", "крутится в", "деплоится в"): what follows is the environment, not the
    /// candidate's use, unless the candidate is the clause's subject.
    /// </summary>
    Hosting,
}

/// <summary>
/// A list of the lexicon files' <c>words</c> section (the keys, camelCased): words a stage compares a token's key with
/// (its lowercase form, ё as е), whole or, written <c>команд*</c>, by their beginning.
/// </summary>
internal enum WordKind : byte
{
    /// <summary>"our", "the", "наши": before a team's name or a role in the plural, the people are the candidate's colleagues.</summary>
    Possessive,
    /// <summary>A word naming a team: "команд*", "отдел*", "team", "department".</summary>
    Team,
    /// <summary>Right before a team's name, it is the candidate's own: "в команде MLOps", "my team", "in our data team".</summary>
    OwnTeam,
    /// <summary>Anywhere in the clause before "our … team", it is the candidate's own: "when I joined the current team".</summary>
    OwnTeamClause,
    /// <summary>Before a list's last item, the list is complete: a denial after it is not about it ("pgx и sqlx, ORM не используем").</summary>
    ClosingConjunction,
    /// <summary>
    /// Past cues that put a skill behind the candidate ("раньше", "no longer"), compared with the cue's text as written,
    /// lowercased: phrases, not single words.
    /// </summary>
    NoLonger,
    /// <summary>After a "no longer" cue, the sentence goes on to say what holds now: "сейчас", "now".</summary>
    Now,
    /// <summary>Right before a percentage, a metric that moved, not a share of work: "from", "by", "на".</summary>
    PercentChange,
    /// <summary>A number's suffix that makes it a data size or a load: "100гб", "3k", "500rps".</summary>
    SizeSuffix,
    /// <summary>After a number of years, when rather than how long: "назад", "спустя", "ago", "later".</summary>
    Ago,
    /// <summary>Two words before a number of years, a time from now: "через 2 года", "within 3 years".</summary>
    Within,
    /// <summary>An answer that opens with one of these says no: "нет", "never".</summary>
    AnswerNo,
    /// <summary>An answer that opens with one of these says yes: "да", "sure", "of course".</summary>
    AnswerYes,
    /// <summary>A "what" or "which" question with one of these asks what the candidate used: "What systems have you built?".</summary>
    QuestionUse,
    /// <summary>An organisation of study: an experience entry there is academic ("университет*", "school").</summary>
    Academic,
    /// <summary>The candidate's own ("мой бот написан на…", "my pet project is written in…"): before a cue naming the doer or the code, the work stays theirs.</summary>
    OwnPossessive,
    /// <summary>A word of contrast between two clauses: what follows it qualifies, it does not take back ("I read Java, but I haven't written production Java").</summary>
    Contrast,
    /// <summary>Something built for a tool ("module", "plugin", "плагин"): a denial of writing one is not a denial of the tool.</summary>
    Artefact,
    /// <summary>Right before an ambiguous name, a word that makes it the name of a thing or a person ("called", "my manager", "зовут").</summary>
    Naming,
    /// <summary>The last word of an organisation's name: "Group", "Pharma", "Bank", "Софт" ("Falcon Insurance Group", "Elixir Pharma").</summary>
    CompanySuffix,
    /// <summary>The candidate or their team as a clause's subject: "we", "I", "мы", "я" ("…; we publish domain events for them").</summary>
    FirstPerson,
    /// <summary>
    /// A verb of doing whose subject may be someone else ("собира*", "выкатыва*", "стро*"): in the third person, with people
    /// in the nominative beside it, the clause is their work ("Docker-образ собирают девопсы").
    /// </summary>
    DoerVerb,
    /// <summary>People who can be a clause's subject beside a role or team noun: "они", "подрядчик", "ребята", "сисадмин".</summary>
    Doer,
    /// <summary>A question addressed to the candidate ("you", "вы"): one that asks what they did and what others own is not about others' work only.</summary>
    SecondPerson,
    /// <summary>
    /// A relative pronoun ("that", "which", "который*"): right before a denial and after a word that names no skill, the
    /// denial is said of that thing ("anything that does not fit into one SQL query", "задачи, которые не влезают в Excel"),
    /// not of the candidate's use of what the sentence names.
    /// </summary>
    Relative,
    /// <summary>
    /// Right before a skill under a heading of gaps, the gap lies beyond it: "Causal inference beyond A/B", "кроме
    /// Postgres" name what the candidate has ("other than", "apart from" with the word after them).
    /// </summary>
    Besides,
    /// <summary>Anywhere in a question, makes it one about the candidate's own experience with what it names: "ли", "опыт*", "приходилось".</summary>
    QuestionAsk,
    /// <summary>As a question's first word, makes it one about the candidate's own experience: "Have you…", "Do you use…", "Any experience…".</summary>
    QuestionStart,
    /// <summary>As its first word, makes a line without a question mark a prompt to tell of one's experience: "Walk us through…", "Опишите…".</summary>
    Prompt,
    /// <summary>A question with one of these asks what the candidate would do, not what they did: "Готовы ли к дежурствам?", "Would you learn Go?".</summary>
    Willingness,
    /// <summary>An auxiliary verb between a relative pronoun and its denial: "anything that does not fit".</summary>
    Auxiliary,
    /// <summary>Opens a clause of place or time, which says where or when, not what was used: "где", "when".</summary>
    PlaceOpener,
    /// <summary>Before "with": work done with others is shared, not theirs ("together with the platform team", "вместе с").</summary>
    Together,
    /// <summary>A modal verb: right after "it", "it" is a clause's subject ("the checks it must run"), not an object pointing back.</summary>
    Modal,
    /// <summary>Right before a skill, makes it where others' work goes, not who does it: "пишут метрики в InfluxDB", "imports from Oracle".</summary>
    Preposition,
    /// <summary>
    /// The candidate other than as a subject ("у нас", "мой", "my", "our", "us"): with <see cref="FirstPerson"/>, a clause that
    /// says whose the work is ("у нас данные влезают в pandas").
    /// </summary>
    Candidate,
    /// <summary>An employer named with words in between: "в страховой компании", "at a mid-size fintech company".</summary>
    Employer,
    /// <summary>A word of a course cue that makes it a course ("курс*", "bootcamp", "Stepik"), not homework, labs or a thesis.</summary>
    CourseName,
    /// <summary>A verb of taking a course beside one: "проходил", "did", "completed".</summary>
    CourseTaking,
    /// <summary>Study work that is work of its own: "диплом*", "thesis*", "проект*" ("only a study project in the course").</summary>
    StudyWork,
    /// <summary>A word of use that says knowing, not doing ("знаю только по курсу"): before "only … course" it is no use.</summary>
    Knowing,
    /// <summary>A verb of doing after "I can read" ("and patched two jobs", "и поправить"): more than reading.</summary>
    Changing,
    /// <summary>Makes a number of years the whole career: "опыт*", "стаж*", "experience*", "overall*".</summary>
    Career,
    /// <summary>Names the career itself even beside a skill: "коммерч*", "professional*" ("4 года коммерческой разработки на .NET").</summary>
    WholeCareer,
    /// <summary>
    /// Hedge phrases that say the candidate only reads the code ("I can read", "могу прочитать"), compared with the cue's
    /// text as written, lowercased: the skill is not had unless the sentence says what they did with it.
    /// </summary>
    ReadsOnly,
    /// <summary>
    /// Hedge phrases of reading ("читаю"), compared like <see cref="ReadsOnly"/>: reading is no claim of use, so a denial
    /// later in the sentence still reaches the skill ("Go читаю, не пишу"). The phrases of <see cref="ReadsOnly"/> are
    /// reading too.
    /// </summary>
    Reading,
    /// <summary>A word of depth ("глубоко", "deeply"): in a denial's clause, the denial is of the depth, not of the skill ("глубоко ClickHouse не знаю").</summary>
    Degree,
    /// <summary>Opens a condition ("if", "unless", "если"): a denial right after it says what might not happen ("retry if it doesn't").</summary>
    Conditional,
    /// <summary>Makes its clause a supposition ("бы", "would"): "в прод на плюсах писать бы не стал" denies no use that was had.</summary>
    Subjunctive,
    /// <summary>Opens a hand-over to others ("дальше", "then"): "Собираю docker-образ, дальше его подхватывают девопсы" keeps the candidate's image.</summary>
    Handover,
    /// <summary>Right after a contrast, points back at what was named before: "…, but that pipeline is owned by the platform team".</summary>
    Demonstrative,
    /// <summary>A third person as a clause's first word (English): "they write the SQL and run the stats" is their work.</summary>
    ThirdPerson,
    /// <summary>Opens a label with its topic ("Про VictoriaMetrics: …", "About Kafka: …"): the label stays bare.</summary>
    Topic,
}

/// <summary>One list of the lexicon's <c>words</c> section: whole words by key, and beginnings (written <c>команд*</c>).</summary>
internal sealed class WordList
{
    private readonly FrozenSet<string> _words;
    // Beginnings are looked up by the key's prefixes of each length a beginning has: a few hash lookups of spans, not a
    // comparison with every beginning (the verbs of doing are a hundred).
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _beginnings;
    private readonly int[] _lengths;

    public WordList(FrozenSet<string> words, string[] beginnings)
    {
        _words = words;
        _beginnings = beginnings.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _lengths = [.. beginnings.Select(b => b.Length).Distinct().Order()];
    }

    public bool Contains(string key)
    {
        if (_words.Contains(key)) return true;
        foreach (var length in _lengths)
        {
            if (length > key.Length) break;
            if (_beginnings.Contains(key.AsSpan(0, length))) return true;
        }
        return false;
    }
}

/// <param name="Exact">Matched by the words as written, not by their stems (verb forms: "написал" is not "написана").</param>
internal readonly record struct Cue(CueKind Kind, double Value, string Phrase, bool Exact = false);

/// <summary>A cue found in a token range (token indexes, end exclusive).</summary>
internal readonly record struct CueHit(Cue Cue, int FirstToken, int EndToken)
{
    public CueKind Kind => Cue.Kind;
    public double Value => Cue.Value;
}

/// <summary>A lexicon file that cannot be used: the message names the file, the entry and what is wrong with it.</summary>
public sealed class LexiconException(string message) : Exception(message);

/// <summary>
/// The extractor's word lists, per language, read from <c>db/lexicons/*.json</c> (compiled into this assembly):
/// cue phrases by kind, role nouns, particles, the words that tell what a question or label asks for, and the word lists
/// the stages compare single words with (<see cref="WordKind"/>). Phrases are tokenised and stemmed like the text, so
/// one form of a Russian word covers its inflections; a group marked <c>exact</c> or a phrase written <c>=…</c> is
/// matched as written. Loading validates everything at once: a phrase listed twice within a kind (after stemming), a
/// phrase under two kinds that decide a mention in different ways, an unknown kind or list, a value out of range or a
/// word listed twice in a list is an error naming the file and the entry. Immutable once built.
/// </summary>
public sealed class Lexicon
{
    /// <summary>Kinds that each decide what a mention is (denied, wished, hedged, raised): one phrase, one of these.</summary>
    private static readonly FrozenSet<CueKind> DecidingKinds = new[]
    {
        CueKind.Negation, CueKind.NotNegation, CueKind.NoExperience, CueKind.Intent, CueKind.Hypothetical, CueKind.Hedge,
        CueKind.Course, CueKind.Past, CueKind.Strong,
    }.ToFrozenSet();

    /// <summary>Kinds whose value caps a level: it must be a level, in (0, 1].</summary>
    private static readonly FrozenSet<CueKind> CapKinds = new[] { CueKind.Hypothetical, CueKind.Hedge, CueKind.Course, CueKind.Past }.ToFrozenSet();

    private static readonly Lazy<Lexicon> LazyDefault = new(LoadEmbedded);

    private Lexicon(PhraseTrie<Cue> cues, List<string> techContext, FrozenSet<string> particles, string[] roleNouns,
        FrozenDictionary<string, SectionTraits> sectionStems, FrozenDictionary<string, SectionTraits> sectionExact,
        WordList[] words, IReadOnlyList<string> languages)
    {
        _words = words;
        Cues = cues;
        TechContextWords = techContext;
        Particles = particles;
        RoleNouns = roleNouns;
        SectionStems = sectionStems;
        SectionExact = sectionExact;
        Languages = languages;
    }

    /// <summary>The shipped lexicons (<c>db/lexicons/*.json</c>), loaded and validated on first use.</summary>
    public static Lexicon Default => LazyDefault.Value;

    /// <summary>The languages the lexicon has files for ("en", "ru").</summary>
    public IReadOnlyList<string> Languages { get; }

    internal PhraseTrie<Cue> Cues { get; }

    /// <summary>The built-in technical context words, used when the taxonomy names none of its own.</summary>
    internal IReadOnlyList<string> TechContextWords { get; }

    /// <summary>Words that carry no object of their own ("так", "уже", "it", "the"), by lowercase key.</summary>
    internal FrozenSet<string> Particles { get; }

    /// <summary>Lowercase beginnings of role nouns ("инженер", "разработчик", "engineer"); a word is a role noun when it starts with one.</summary>
    internal string[] RoleNouns { get; }

    /// <summary>Section words by stem; <see cref="SectionTraits.Work"/> here only for short labels ("Опыт работы").</summary>
    internal FrozenDictionary<string, SectionTraits> SectionStems { get; }

    /// <summary>Section words matched as written (one word, or two joined by a space: "would like").</summary>
    internal FrozenDictionary<string, SectionTraits> SectionExact { get; }

    private readonly WordList[] _words;

    /// <summary>
    /// Whether a token's key (or, for <see cref="WordKind.NoLonger"/>, <see cref="WordKind.ReadsOnly"/> and <see cref="WordKind.Reading"/>, a cue's lowercase text) is in one of the
    /// <c>words</c> lists, merged over the languages.
    /// </summary>
    internal bool Is(WordKind list, string key) => _words[(int)list].Contains(key);

    // Questionnaires of one form ask the same questions: what each asks for is kept (bounded; cleared when full).
    // Keyed by QuestionKey: no question text is kept.
    internal System.Collections.Concurrent.ConcurrentDictionary<QuestionKey, SectionTraits> TraitsCache { get; } = new();
    private const int MaxCachedQuestions = 10_000;

    internal SectionTraits RememberTraits(QuestionKey question, SectionTraits traits)
    {
        if (TraitsCache.Count >= MaxCachedQuestions) TraitsCache.Clear();
        TraitsCache[question] = traits;
        return traits;
    }

    /// <summary>A word that begins with one of the role nouns and is at most a few letters longer (its inflections).</summary>
    internal bool IsRoleNoun(string key, int maxExtra = 4)
    {
        foreach (var noun in RoleNouns)
        {
            if (key.StartsWith(noun, StringComparison.Ordinal) && key.Length <= noun.Length + maxExtra) return true;
            // "геймдизайнеры", "бэкенд-разработчик": a compound ending in a longer role noun ("лид", "админ" are too short
            // to tell from the middle of another word).
            if (noun.Length >= CompoundRoleMin && key.Length > noun.Length)
            {
                var at = key.IndexOf(noun, 1, StringComparison.Ordinal);
                if (at > 0 && key.Length - at - noun.Length <= maxExtra) return true;
            }
        }
        return false;
    }

    private const int CompoundRoleMin = 6;

    /// <summary>Every cue in <c>tokens[from..to)</c>, longest first at each position; cues do not span a clause end.</summary>
    internal void Find(IReadOnlyList<Token> tokens, int from, int to, List<CueHit> into) => Find(Cues, tokens, from, to, into);

    internal static void Find(PhraseTrie<Cue> trie, IReadOnlyList<Token> tokens, int from, int to, List<CueHit> into)
    {
        var root = trie.Root;
        var i = from;
        while (i < to)
        {
            PhraseTrie<Cue>.Node? best = null;
            var bestEnd = i;
            Longest(tokens, to, root, i, i, ref best, ref bestEnd);
            if (best is null) { i++; continue; }
            foreach (var cue in best.Values!) into.Add(new CueHit(cue, i, bestEnd));
            i = bestEnd;
        }
    }

    // A word is looked up by its stem and, for phrases matched as written ("=уверенно"), by its form: both paths are
    // followed, since a stem node ("уверен" of "не уверен") must not hide the written form's phrase.
    private static void Longest(IReadOnlyList<Token> tokens, int to, PhraseTrie<Cue>.Node node, int start, int j,
        ref PhraseTrie<Cue>.Node? best, ref int bestEnd)
    {
        if (j >= to || j > start && tokens[j].Before >= Gap.Clause) return;
        var t = tokens[j];
        var byStem = node.Child(t.Match);
        if (byStem is not null)
        {
            if (byStem.Values is not null && j + 1 > bestEnd) { best = byStem; bestEnd = j + 1; }
            Longest(tokens, to, byStem, start, j + 1, ref best, ref bestEnd);
        }
        var byForm = node.FormChild(t.Key);
        if (byForm is null) return;
        if (byForm.Values is not null && j + 1 > bestEnd) { best = byForm; bestEnd = j + 1; }
        Longest(tokens, to, byForm, start, j + 1, ref best, ref bestEnd);
    }

    /// <summary>A trie of technical context words: the taxonomy's own, or else the lexicon's.</summary>
    internal PhraseTrie<Cue> ContextTrie(IReadOnlyList<string> words)
    {
        var trie = new PhraseTrie<Cue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words.Count == 0 ? TechContextWords : words)
        {
            var keys = Keys(word, exact: false);
            if (keys.Length > 0 && seen.Add(string.Join(' ', keys))) trie.Add(keys, new Cue(CueKind.TechContext, 0, word));
        }
        return trie;
    }

    private static string[] Keys(string phrase, bool exact) =>
        Tokenizer.Tokenize(phrase).Select(t => exact ? t.Key : t.Match).ToArray();

    private static Lexicon LoadEmbedded()
    {
        var assembly = typeof(Lexicon).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("lexicons/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Name: "db/" + n, Json: reader.ReadToEnd());
            })
            .ToList();
        if (files.Count == 0) throw new LexiconException("No lexicon files are compiled in (db/lexicons/*.json).");
        return Parse(files);
    }

    /// <summary>
    /// Reads every <c>*.json</c> of a folder (an operator's own word lists, in the shipped files' format) and validates them
    /// as the shipped ones are; throws <see cref="LexiconException"/> naming each problem.
    /// </summary>
    public static Lexicon LoadDirectory(string path)
    {
        if (!Directory.Exists(path)) throw new LexiconException($"The lexicon folder '{path}' does not exist.");
        var files = Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Json: File.ReadAllText(f))).ToList();
        if (files.Count == 0) throw new LexiconException($"The lexicon folder '{path}' holds no .json files.");
        return Parse(files);
    }

    /// <summary>Reads lexicon files (name for messages, JSON text); throws <see cref="LexiconException"/> listing every problem.</summary>
    public static Lexicon Parse(IEnumerable<(string Name, string Json)> files)
    {
        var errors = new List<string>();
        var trie = new PhraseTrie<Cue>();
        var techContext = new List<string>();
        // normalised phrase → (kind, where it was listed)
        var byKey = new Dictionary<string, List<(CueKind Kind, string Phrase, string File)>>(StringComparer.Ordinal);
        var particles = new Dictionary<string, string>(StringComparer.Ordinal);
        var roleNouns = new Dictionary<string, string>(StringComparer.Ordinal);
        var sectionStems = new Dictionary<string, (SectionTraits Trait, string File)>(StringComparer.Ordinal);
        var sectionExact = new Dictionary<string, (SectionTraits Trait, string File)>(StringComparer.Ordinal);
        // per word list: key ("команд*" for a beginning) → (as written, where it was listed)
        var words = Enum.GetValues<WordKind>().Select(_ => new Dictionary<string, (string Word, string File)>(StringComparer.Ordinal)).ToArray();
        var languages = new List<string>();

        foreach (var (name, json) in files)
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
            catch (JsonException e) { errors.Add($"{name}: not valid JSON ({e.Message})"); continue; }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) { errors.Add($"{name}: the file must be a JSON object"); continue; }
                if (root.TryGetProperty("language", out var lang) && lang.ValueKind == JsonValueKind.String) languages.Add(lang.GetString()!);
                else errors.Add($"{name}: 'language' is missing");

                if (root.TryGetProperty("cues", out var cues) && cues.ValueKind == JsonValueKind.Object)
                    foreach (var kindProperty in cues.EnumerateObject())
                        ReadKind(name, kindProperty, trie, byKey, techContext, errors);
                else errors.Add($"{name}: 'cues' is missing");

                ReadWords(name, root, "particles", errors, w => Add(particles, w.ToLowerInvariant(), name, "particle", errors));
                ReadWords(name, root, "roleNouns", errors, w => Add(roleNouns, w.ToLowerInvariant().Replace('ё', 'е'), name, "role noun", errors));
                if (root.TryGetProperty("sectionWords", out var sections) && sections.ValueKind == JsonValueKind.Object)
                    foreach (var traitProperty in sections.EnumerateObject())
                    {
                        if (!TryTrait(traitProperty.Name, out var trait)) { errors.Add($"{name}: unknown section kind '{traitProperty.Name}'"); continue; }
                        foreach (var word in Strings(name, traitProperty.Value, $"sectionWords.{traitProperty.Name}", errors))
                        {
                            var exact = word.StartsWith('=');
                            var keys = Keys(word.TrimStart('='), exact);
                            if (keys.Length == 0) { errors.Add($"{name}: section word '{word}' has no letters"); continue; }
                            var key = string.Join(' ', keys);
                            var target = exact ? sectionExact : sectionStems;
                            if (target.TryGetValue(key, out var had))
                                errors.Add($"{name}: section word '{word}' is listed twice (as {Name(had.Trait)} in {had.File} and as {traitProperty.Name})");
                            else target[key] = (trait, name);
                        }
                    }
                if (root.TryGetProperty("words", out var wordLists) && wordLists.ValueKind == JsonValueKind.Object)
                    foreach (var listProperty in wordLists.EnumerateObject())
                        ReadWordList(name, listProperty, words, errors);
                else errors.Add($"{name}: 'words' is missing");
            }
        }

        foreach (var (key, entries) in byKey)
        {
            for (var i = 0; i < entries.Count; i++)
                for (var j = i + 1; j < entries.Count; j++)
                {
                    var (a, b) = (entries[i], entries[j]);
                    if (a.Kind == b.Kind)
                        errors.Add($"{b.File}: cue '{b.Phrase}' ({Name(b.Kind)}) is listed twice: '{a.Phrase}' in {a.File} is the same phrase once tokenised and stemmed");
                    else if (DecidingKinds.Contains(a.Kind) && DecidingKinds.Contains(b.Kind))
                        errors.Add($"{b.File}: cue '{b.Phrase}' is both {Name(a.Kind)} ('{a.Phrase}' in {a.File}) and {Name(b.Kind)}; one phrase can mean one of these only");
                }
        }
        CheckWordLists(words, byKey, errors);
        if (errors.Count > 0)
            throw new LexiconException($"The extractor's lexicon has {errors.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));

        return new Lexicon(trie, techContext, particles.Keys.ToFrozenSet(StringComparer.Ordinal), [.. roleNouns.Keys],
            sectionStems.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Trait, StringComparer.Ordinal),
            sectionExact.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Trait, StringComparer.Ordinal),
            [.. words.Select(list => new WordList(
                list.Keys.Where(k => !k.EndsWith('*')).ToFrozenSet(StringComparer.Ordinal),
                [.. list.Keys.Where(k => k.EndsWith('*')).Select(k => k[..^1])]))],
            languages);
    }

    /// <summary>
    /// One list of the <c>words</c> section: single words, matched by their key (lowercase, ё as е), or by their beginning
    /// when written with a final <c>*</c>; <c>noLonger</c>, <c>readsOnly</c> and <c>reading</c> hold phrases, compared with a cue's text lowercased.
    /// </summary>
    private static void ReadWordList(string file, JsonProperty listProperty, Dictionary<string, (string Word, string File)>[] lists, List<string> errors)
    {
        if (!Enum.TryParse<WordKind>(listProperty.Name, ignoreCase: true, out var kind) || !char.IsLower(listProperty.Name[0]))
        {
            errors.Add($"{file}: unknown word list '{listProperty.Name}'");
            return;
        }
        var what = $"words.{listProperty.Name}";
        if (listProperty.Value.ValueKind != JsonValueKind.Object || !listProperty.Value.TryGetProperty("words", out var entries))
        {
            errors.Add($"{file}: word list '{listProperty.Name}' has no 'words'");
            return;
        }
        var list = lists[(int)kind];
        foreach (var raw in Strings(file, entries, what, errors))
        {
            string key;
            if (kind is WordKind.NoLonger or WordKind.ReadsOnly or WordKind.Reading)
            {
                if (raw.Contains('*')) { errors.Add($"{file}: {what} '{raw}' is a phrase, which has no beginnings ('*')"); continue; }
                if (Keys(raw, exact: true).Length == 0) { errors.Add($"{file}: {what} '{raw}' has no words"); continue; }
                key = raw.ToLowerInvariant();
            }
            else
            {
                var beginning = raw.EndsWith('*');
                var word = beginning ? raw[..^1] : raw;
                var tokens = Tokenizer.Tokenize(word);
                if (tokens.Count != 1 || tokens[0].Start != 0 || tokens[0].End != word.Length)
                {
                    errors.Add($"{file}: {what} '{raw}' is not one word");
                    continue;
                }
                key = beginning ? tokens[0].Key + "*" : tokens[0].Key;
            }
            if (list.TryGetValue(key, out var had)) errors.Add($"{file}: {what} '{raw}' is listed twice (also in {had.File})");
            else list[key] = (raw, file);
        }
    }

    /// <summary>
    /// Across the files: a word a beginning of its list already covers ("команда" beside "команд*") is listed twice, and a
    /// <c>noLonger</c> phrase that is no <c>past</c> cue would never be met.
    /// </summary>
    private static void CheckWordLists(Dictionary<string, (string Word, string File)>[] lists,
        Dictionary<string, List<(CueKind Kind, string Phrase, string File)>> byKey, List<string> errors)
    {
        foreach (var kind in Enum.GetValues<WordKind>())
        {
            var list = lists[(int)kind];
            foreach (var (beginning, b) in list)
            {
                if (!beginning.EndsWith('*')) continue;
                foreach (var (key, e) in list)
                    if (key != beginning && key.TrimEnd('*').StartsWith(beginning[..^1], StringComparison.Ordinal))
                        errors.Add($"{e.File}: words.{Name(kind)} '{e.Word}' is listed twice: '{b.Word}' in {b.File} already covers it");
            }
        }
        foreach (var (list, cueKind) in new[] { (WordKind.NoLonger, CueKind.Past), (WordKind.ReadsOnly, CueKind.Hedge), (WordKind.Reading, CueKind.Hedge) })
            foreach (var (phrase, e) in lists[(int)list])
            {
                var isCue = new[] { false, true }.Any(exact =>
                    byKey.TryGetValue(string.Join(' ', Keys(phrase, exact)), out var cues) && cues.Exists(c => c.Kind == cueKind));
                if (!isCue) errors.Add($"{e.File}: words.{Name(list)} '{e.Word}' is not a {Name(cueKind)} cue, so it never applies");
            }
    }

    private static void ReadKind(string file, JsonProperty kindProperty, PhraseTrie<Cue> trie,
        Dictionary<string, List<(CueKind, string, string)>> byKey, List<string> techContext, List<string> errors)
    {
        if (!Enum.TryParse<CueKind>(kindProperty.Name, ignoreCase: true, out var kind) || !char.IsLower(kindProperty.Name[0]))
        {
            errors.Add($"{file}: unknown cue kind '{kindProperty.Name}'");
            return;
        }
        var body = kindProperty.Value;
        var exactKind = body.TryGetProperty("exact", out var ex) && ex.ValueKind == JsonValueKind.True;
        if (!body.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{file}: cue kind '{kindProperty.Name}' has no 'groups' list");
            return;
        }
        foreach (var group in groups.EnumerateArray())
        {
            if (!group.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number)
            {
                errors.Add($"{file}: a '{kindProperty.Name}' group has no numeric 'value'");
                continue;
            }
            var value = v.GetDouble();
            if (CapKinds.Contains(kind) && !(value is > 0 and <= 1))
                errors.Add($"{file}: '{kindProperty.Name}' value {value.ToString(CultureInfo.InvariantCulture)} caps a level and must be in (0, 1]");
            if (kind == CueKind.Intent && value is not (0 or 1))
                errors.Add($"{file}: 'intent' value {value.ToString(CultureInfo.InvariantCulture)} must be 0 (wants it, has not got it) or 1 (wants more of it)");
            if (kind == CueKind.Others && value is not (0 or ScopeCues.BeforeTheirTimeValue or 1 or 2))
                errors.Add($"{file}: 'others' value {value.ToString(CultureInfo.InvariantCulture)} must be 0 (the doer is named first), 0.5 (before the candidate's time), 1 (the doer follows) or 2 (a verb in the past: people follow)");
            if (kind == CueKind.Negation && value is not (0 or 1 or ScopeCues.RetroactiveValue))
                errors.Add($"{file}: 'negation' value {value.ToString(CultureInfo.InvariantCulture)} must be 0 (either side), 1 (forward only) or 2 (takes back its sentence)");
            if (kind == CueKind.NoExperience && value is not (0 or 1 or ScopeCues.BackwardValue))
                errors.Add($"{file}: 'noExperience' value {value.ToString(CultureInfo.InvariantCulture)} must be 0 (either side), 1 (forward only) or 3 (back only)");
            if (kind == CueKind.Strong && !(value is > 0 and <= 0.5))
                errors.Add($"{file}: 'strong' value {value.ToString(CultureInfo.InvariantCulture)} must be in (0, 0.5]");
            if (!group.TryGetProperty("phrases", out var phrases)) { errors.Add($"{file}: a '{kindProperty.Name}' group has no 'phrases'"); continue; }
            foreach (var raw in Strings(file, phrases, kindProperty.Name, errors))
            {
                var exact = exactKind || raw.StartsWith('=');
                var phrase = raw.TrimStart('=');
                var keys = Keys(phrase, exact);
                if (keys.Length == 0) { errors.Add($"{file}: cue '{raw}' ({kindProperty.Name}) has no words"); continue; }
                var key = string.Join(' ', keys);
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                var duplicate = list.Exists(e => e.Item1 == kind);
                list.Add((kind, raw, file));
                if (duplicate) continue;
                trie.Add(keys, new Cue(kind, value, phrase, exact), forms: exact);
                if (kind == CueKind.TechContext) techContext.Add(phrase);
            }
        }
    }

    private static IEnumerable<string> Strings(string file, JsonElement array, string what, List<string> errors)
    {
        if (array.ValueKind != JsonValueKind.Array) { errors.Add($"{file}: '{what}' must be a list of strings"); yield break; }
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors.Add($"{file}: '{what}' holds an empty or non-text entry");
                continue;
            }
            yield return item.GetString()!.Trim();
        }
    }

    private static void ReadWords(string file, JsonElement root, string property, List<string> errors, Action<string> add)
    {
        if (!root.TryGetProperty(property, out var list)) { errors.Add($"{file}: '{property}' is missing"); return; }
        foreach (var word in Strings(file, list, property, errors)) add(word);
    }

    private static void Add(Dictionary<string, string> set, string word, string file, string what, List<string> errors)
    {
        if (set.TryGetValue(word, out var had)) errors.Add($"{file}: {what} '{word}' is listed twice (also in {had})");
        else set[word] = file;
    }

    private static bool TryTrait(string name, out SectionTraits trait)
    {
        trait = name switch
        {
            "workLabel" => SectionTraits.Work,
            "list" => SectionTraits.List | SectionTraits.Technical,
            "stack" => SectionTraits.List | SectionTraits.Technical | SectionTraits.Stack,
            "course" => SectionTraits.Course,
            "project" => SectionTraits.Project,
            "research" => SectionTraits.Research,
            "aspiration" => SectionTraits.Aspiration,
            "tasks" => SectionTraits.Tasks,
            "gaps" => SectionTraits.Gaps,
            "othersWork" => SectionTraits.OthersWork,
            "anythingElse" => SectionTraits.AnythingElse,
            _ => SectionTraits.None,
        };
        return trait != SectionTraits.None;
    }

    private static string Name(SectionTraits t) => t.ToString();

    private static string Name(CueKind k) => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..];

    private static string Name(WordKind k) => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..];
}
