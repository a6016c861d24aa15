using Matching.Core.Extraction.Text;
using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

/// <summary>A place in a text where a skill's alias was found (UTF-16 offsets, end exclusive).</summary>
public readonly record struct SkillMention(string SkillId, string Alias, int Start, int End, bool NeedsContext);

/// <summary>
/// Finds taxonomy aliases in text: a trie over the aliases' tokens (lowercase, ё = е, Russian words stemmed with
/// Snowball), walked once over a text's tokens with longest match. Punctuation inside a name is flexible
/// ("llama.cpp" = "llama-cpp" = "llama cpp" = "llamacpp"); a token that is not an alias falls back to its bare
/// form when that one is ("YOLOv8" → YOLO, "ResNet50" → ResNet, "LLMs" → LLM, "python3.11" → Python).
/// Case-sensitive aliases and exclusion phrases are checked here; "needs context" is left to the caller,
/// which knows the sentence. Immutable and thread-safe once built.
/// </summary>
public sealed class SkillMatcher
{
    internal sealed class AliasEntry
    {
        public required int Ordinal { get; init; }
        /// <summary>The alias as the taxonomy writes it.</summary>
        public required string Text { get; init; }
        /// <summary>Lowercase keys of the alias's tokens, unstemmed.</summary>
        public required string[] Keys { get; init; }
        /// <summary>The alias's tokens as written (for case-sensitive aliases).</summary>
        public required string[] Written { get; init; }
        public bool CaseSensitive { get; init; }
        public bool NeedsContext { get; init; }
        public string[][]? Excludes { get; init; }
    }

    /// <summary>One alias found in a token range (token indexes end-exclusive, offsets into the source).</summary>
    internal readonly record struct Candidate(int Ordinal, AliasEntry Entry, int FirstToken, int EndToken, int Start, int End);

    private const int MaxVariantTokens = 4;

    private readonly PhraseTrie<AliasEntry> _trie = new();

    public SkillMatcher(SkillTaxonomy taxonomy, Lexicon? lexicon = null)
    {
        Taxonomy = taxonomy;
        _readingIsTheSkill = Under(taxonomy, taxonomy.OrdinalOf(ForeignLanguages), anyDepth: true);
        _deploymentPlatform = Under(taxonomy, taxonomy.OrdinalOf(ContainerOrchestration), anyDepth: false);
        ContextCues = (lexicon ?? Lexicon.Default).ContextTrie(taxonomy.ContextCues);
        for (var i = 0; i < taxonomy.Count; i++)
        {
            var skill = taxonomy[i];
            var added = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alias in skill.Aliases) AddAlias(i, alias.Text, alias.CaseSensitive, alias.NeedsContext, alias.Exclude, added);

            // The name and the id are spellings too; a short one without a rule of its own is not trusted bare.
            foreach (var (text, isId) in new[] { (skill.Name, false), (skill.Id, true) })
            {
                var tokens = Tokenizer.Tokenize(text);
                if (tokens.Count == 0 || added.Contains(JoinMatches(tokens))) continue;
                var shortBare = tokens.Count == 1 && tokens[0].Key.Length <= 2;
                if (shortBare && isId) continue;
                AddAlias(i, text, caseSensitive: shortBare, needsContext: shortBare, exclude: null, added);
            }
        }
    }

    public SkillTaxonomy Taxonomy { get; }

    /// <summary>
    /// The taxonomy's concept of human languages: for a skill under it, reading is the skill itself ("Английский — читаю
    /// технические статьи", "I can read German"), where reading code is no use of a programming language or a tool.
    /// </summary>
    internal const string ForeignLanguages = "foreign-languages";

    internal const string ContainerOrchestration = "container-orchestration";

    private const string CloudCategory = "cloud";

    // Worked out once per taxonomy: which skills are human languages, and which are deployment platforms.
    private readonly bool[] _readingIsTheSkill;
    private readonly bool[] _deploymentPlatform;

    /// <summary>
    /// The skills under <paramref name="root"/> (and the root): at any depth; or, for deployment platforms, its children
    /// and the cloud-category children of those (Kubernetes, Nomad, ECS and a cloud's managed clusters — not the tools
    /// around them such as Helm or Argo CD).
    /// </summary>
    private static bool[] Under(SkillTaxonomy taxonomy, int root, bool anyDepth)
    {
        var under = new bool[taxonomy.Count];
        if (root < 0) return under;
        for (var i = 0; i < taxonomy.Count; i++)
        {
            if (i == root || anyDepth && taxonomy.IsAncestor(root, i)) { under[i] = true; continue; }
            if (anyDepth) continue;
            foreach (var p in taxonomy.ParentsOf(i))
            {
                if (p == root) under[i] = true;
                else if (taxonomy[i].Category == CloudCategory)
                    foreach (var grand in taxonomy.ParentsOf(p))
                        if (grand == root) under[i] = true;
            }
        }
        return under;
    }

    /// <summary>
    /// Whether it is a platform the candidate's services are deployed to (under <see cref="ContainerOrchestration"/>):
    /// running on it is not operating it ("our services run on Kubernetes").
    /// </summary>
    internal bool IsDeploymentPlatform(int ordinal) => _deploymentPlatform[ordinal];

    /// <summary>Whether reading it is having it (a human language, under <see cref="ForeignLanguages"/>).</summary>
    internal bool ReadingIsTheSkill(int ordinal) => _readingIsTheSkill[ordinal];

    private readonly HashSet<string> _headWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tailWords = new(StringComparer.Ordinal);

    /// <summary>A word some alias of several words opens with ("apache", "google"): a word of technology, not of a name.</summary>
    internal bool OpensAnAlias(string key) => _headWords.Contains(key);

    /// <summary>A word some alias of several words goes on with ("connect", "streaming"): a word of technology, not of a name.</summary>
    internal bool ContinuesAnAlias(string key) => _tailWords.Contains(key);

    /// <summary>The taxonomy's context cue words, for aliases that count only in a technical sentence.</summary>
    internal PhraseTrie<Cue> ContextCues { get; }

    /// <summary>
    /// Resolves a free-text term ("постгреса", "YOLOv8", "Llama-3-8B", "пайторч") to skills. A term that is a
    /// known spelling as written resolves exactly; otherwise the alias that covers the whole term after stemming
    /// and version stripping, and failing that every skill named inside the term. Context rules are not applied:
    /// whoever asks about "Go" means the language.
    /// </summary>
    public IReadOnlyList<SkillResolution> Resolve(string term)
    {
        if (string.IsNullOrWhiteSpace(term)) return [];
        if (Taxonomy.ResolveExact(term) is { } exact) return [exact];

        var tokens = Tokenizer.Tokenize(term);
        if (tokens.Count == 0) return [];
        var found = new List<Candidate>();
        Match(term, tokens, 0, tokens.Count, found, applyCase: false);
        if (found.Count == 0) return [];

        var whole = found.Count == 1 && found[0].FirstToken == 0 && OnlyVersionsAfter(tokens, found[0].EndToken);
        var results = new List<SkillResolution>(found.Count);
        var seen = new HashSet<int>();
        foreach (var c in found)
        {
            if (!seen.Add(c.Ordinal)) continue;
            var isExact = whole && c.EndToken == tokens.Count && SameKeys(c.Entry, tokens, c.FirstToken);
            results.Add(new SkillResolution(Taxonomy[c.Ordinal], c.Entry.Text, isExact));
        }
        return results;
    }

    // Questionnaires of one form ask the same questions: the skills each names are kept (bounded; cleared when full).
    // Keyed by QuestionKey: no question text is kept.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<QuestionKey, int[]> _questionSkills = new();
    private const int MaxCachedQuestions = 10_000;

    /// <summary>The distinct skills a question names, in order of appearance (answers to yes/no questions read them).</summary>
    internal int[] SkillsIn(string question)
    {
        var key = QuestionKey.Of(question);
        if (_questionSkills.TryGetValue(key, out var known)) return known;
        var skills = FindSkills(question);
        if (_questionSkills.Count >= MaxCachedQuestions) _questionSkills.Clear();
        _questionSkills[key] = skills;
        return skills;
    }

    /// <summary>How many distinct skills a question names ("Какие СУБД использовали (Sqlite, Postgresql, MySQL)?" names 3).</summary>
    internal int CountSkillsIn(string question) => SkillsIn(question).Length;

    private int[] FindSkills(string question)
    {
        var tokens = Tokenizer.Tokenize(question);
        var found = new List<Candidate>();
        Match(question, tokens, 0, tokens.Count, found);
        found.Sort(static (a, b) => a.FirstToken.CompareTo(b.FirstToken));
        return found.Select(c => c.Ordinal).Distinct().ToArray();
    }

    /// <summary>Every alias found in <paramref name="text"/>, longest match first, with case and exclusion rules applied.</summary>
    public IReadOnlyList<SkillMention> FindMentions(string text) => FindMentions(text, null);

    /// <summary>The skills named in an answer, with the words its question supplies to the answer's list items.</summary>
    public IReadOnlyList<SkillMention> FindMentions(string text, string? question)
    {
        var tokens = Tokenizer.Tokenize(text);
        var found = new List<Candidate>();
        Match(text, tokens, 0, tokens.Count, found);
        // A quote may hold one item of the list its answer made.
        if (question is not null) HeadsFromQuestion(question, tokens, found, minItems: 1);
        var result = new List<SkillMention>(found.Count);
        foreach (var c in found)
            result.Add(new SkillMention(Taxonomy[c.Ordinal].Id, c.Entry.Text, c.Start, c.End, c.Entry.NeedsContext));
        return result;
    }

    /// <summary>
    /// Appends the aliases found in <c>tokens[from..to)</c>, left to right, longest first. Tokens may be joined into a
    /// multi-word alias only across blanks or joining punctuation, never across a comma or sentence end.
    /// </summary>
    internal void Match(string text, List<Token> tokens, int from, int to, List<Candidate> into, bool applyCase = true)
    {
        Span<int> ends = stackalloc int[16];
        var nodes = new PhraseTrie<AliasEntry>.Node[16];
        var i = from;
        while (i < to)
        {
            var depth = 0;
            var node = _trie.Root;
            for (var j = i; j < to && depth < ends.Length; j++)
            {
                if (j > i && tokens[j].Before > Gap.Space) break;
                node = Step(node, tokens[j])!;
                if (node is null) break;
                if (node.Values is not null) { ends[depth] = j + 1; nodes[depth] = node; depth++; }
            }

            var matched = false;
            for (var d = depth - 1; d >= 0 && !matched; d--)
            {
                var entry = Choose(nodes[d].Values!, text, tokens, i, ends[d], applyCase);
                if (entry is null) continue;
                into.Add(new Candidate(entry.Ordinal, entry, i, ends[d], tokens[i].Start, tokens[ends[d] - 1].End));
                if (ends[d] - i >= 2) ElidedModifiers(tokens, from, i, ends[d], into);
                i = ends[d];
                matched = true;
            }
            if (!matched) i++;
        }
    }

    /// <summary>Words that join the modifiers of one head: "функциональное и регрессионное тестирование", "unit and integration tests".</summary>
    private static bool IsJoiningWord(string key) => key is "и" or "или" or "and" or "or";

    /// <summary>
    /// "Ручное функциональное, регрессионное и смоук-тестирование", "unit and integration tests", "unit/integration tests":
    /// modifiers joined before a multi-word alias share its head. Each modifier that makes an alias with that head
    /// ("функциональное тестирование") is a mention of its skill, spanning the modifier (the head is the later alias's).
    /// </summary>
    private void ElidedModifiers(List<Token> tokens, int from, int first, int end, List<Candidate> into)
    {
        var at = into.Count - 1;
        var previousEnd = at > 0 ? Math.Max(from, into[at - 1].EndToken) : from;
        var right = first;
        while (true)
        {
            // The modifier before `right`: "A и B", "A, B", "A/B".
            int w;
            var gap = tokens[right];
            if (right - 2 >= previousEnd && IsJoiningWord(tokens[right - 1].Key) && gap.Before <= Gap.Space && tokens[right - 1].Before <= Gap.Space)
                w = right - 2;
            else if (right - 1 >= previousEnd && (gap.Before == Gap.Clause && gap.Marks == GapMarks.None && IsComma(tokens, right)
                                                   || gap.Before == Gap.Joined && gap.Marks == GapMarks.Slash))
                w = right - 1;
            else return;
            if (tokens[w].Is(TokenFlags.Number)) return;
            var node = Step(_trie.Root, tokens[w]);
            for (var k = first + 1; k < end && node is not null; k++) node = Step(node, tokens[k]);
            var entry = node?.Values?.Find(e => !e.CaseSensitive && !e.NeedsContext && e.Keys.Length == end - first);
            if (entry is null) return;
            into.Insert(at, new Candidate(entry.Ordinal, entry, w, w + 1, tokens[w].Start, tokens[w].End));
            right = w;
        }
    }

    /// <summary>
    /// "Какие виды тестирования вы выполняли? — функциональное, регрессионное, смоук": a list item that makes an alias with
    /// a word of the question ("функциональное тестирование") names that skill. Only items that stand alone in a list (or
    /// the whole answer) and only two-word aliases; items already found as skills are left as they are.
    /// </summary>
    internal void HeadsFromQuestion(string question, List<Token> tokens, List<Candidate> into, int minItems = 2)
    {
        if (tokens.Count == 0 || string.IsNullOrWhiteSpace(question)) return;
        var heads = Tokenizer.Tokenize(question);
        List<Candidate>? found = null;
        for (var t = 0; t < tokens.Count; t++)
        {
            if (!StandsAlone(tokens, t) || tokens[t].Is(TokenFlags.Number) || Covered(into, t)) continue;
            var node = Step(_trie.Root, tokens[t]);
            if (node is null) continue;
            foreach (var h in heads)
            {
                if (h.Key.Length < 4) continue;
                var entry = Step(node, h)?.Values?.Find(e => !e.CaseSensitive && !e.NeedsContext && e.Keys.Length == 2);
                if (entry is null) continue;
                (found ??= []).Add(new Candidate(entry.Ordinal, entry, t, t + 1, tokens[t].Start, tokens[t].End));
                break;
            }
        }
        // A list of kinds ("функциональное, регрессионное"), not one word that happens to make a phrase with the question's
        // ("Валидация" under "пайплайн обучения модели", the label "State:" under "state management").
        if (found is null || found.Count < minItems) return;
        into.AddRange(found);
        into.Sort((a, b) => a.FirstToken.CompareTo(b.FirstToken));

        static bool StandsAlone(List<Token> tokens, int t)
        {
            var before = t == 0 || tokens[t].Before >= Gap.Clause || IsJoiningWord(tokens[t - 1].Key) && (t == 1 || tokens[t - 1].Before >= Gap.Clause);
            var after = t + 1 == tokens.Count || tokens[t + 1].Before >= Gap.Clause && (tokens[t + 1].Marks & GapMarks.Colon) == 0 || IsJoiningWord(tokens[t + 1].Key);
            return before && after;
        }

        static bool Covered(List<Candidate> found, int t)
        {
            foreach (var c in found)
                if (t >= c.FirstToken && t < c.EndToken) return true;
            return false;
        }
    }

    private static bool IsComma(List<Token> tokens, int t)
    {
        // The gap before token t holds a comma and blanks only (not a bracket, a dash or a sentence end).
        return tokens[t].Before == Gap.Clause && tokens[t].Marks == GapMarks.None;
    }

    private PhraseTrie<AliasEntry>.Node? Step(PhraseTrie<AliasEntry>.Node node, in Token token)
    {
        if (node.Children is null) return null;
        var next = node.Child(token.Match);
        if (next is not null) return next;
        if (token.Is(TokenFlags.OtherScript)) return null;

        var key = token.Key.AsSpan();
        if (token.Is(TokenFlags.LeadingDot))
        {
            next = node.Child(key[1..]);
            if (next is not null) return next;
            key = key[1..];
        }
        if (!token.Is(TokenFlags.Latin) || token.Is(TokenFlags.Cyrillic)) return null;

        if (!token.Is(TokenFlags.HasDigit))
        {
            // English plurals: LLMs, GPUs, embeddings, libraries.
            if (key.Length < 4 || key[^1] != 's' || key[^2] == 's') return null;
            if (key.EndsWith("ies") && (next = node.Child(string.Concat(key[..^3], "y"))) is not null) return next;
            if (key.EndsWith("es") && (next = node.Child(key[..^2])) is not null) return next;
            return node.Child(key[..^1]);
        }
        return token.Is(TokenFlags.Number) ? null : StepBareVersion(node, key);
    }

    /// <summary>"yolov8" → "yolo", "resnet50" → "resnet", "mistral7b" → "mistral", "deeplabv3+" → "deeplab".</summary>
    private static PhraseTrie<AliasEntry>.Node? StepBareVersion(PhraseTrie<AliasEntry>.Node node, ReadOnlySpan<char> key)
    {
        var k = key.TrimEnd('+');
        var digit = k.IndexOfAnyInRange('0', '9');
        if (digit < 3) return null;
        var letters = 0;
        foreach (var c in k[digit..])
        {
            if (c is >= '0' and <= '9') continue;
            if (c is < 'a' or > 'z' || ++letters > 3) return null;
        }
        var prefix = k[..digit];
        var next = node.Child(prefix);
        if (next is null && prefix.Length > 3 && prefix[^1] == 'v') next = node.Child(prefix[..^1]);
        return next;
    }

    private static AliasEntry? Choose(List<AliasEntry> entries, string text, List<Token> tokens, int first, int end, bool applyCase)
    {
        AliasEntry? best = null;
        var bestScore = -1;
        foreach (var e in entries)
        {
            if (applyCase && e.CaseSensitive && !CaseMatches(e, text, tokens, first, end)) continue;
            if (!Inflects(e, tokens, first, end)) continue;
            if (e.Excludes is not null && IsExcluded(e, tokens, first, end)) continue;
            // "tubes and flasks", "vectors", "sketches": a name that needs context, found only by an English plural
            // written in lower case, is the ordinary word ("AWS Lambdas" keeps its capital).
            if (e.NeedsContext && e.Keys.Length == 1 && end - first == 1 && !SameKeys(e, tokens, first)
                && tokens[first].Is(TokenFlags.Latin) && !tokens[first].Is(TokenFlags.Capitalized)
                && tokens[first].Key.Length > e.Keys[0].Length && tokens[first].Key[^1] == 's') continue;
            var score = (SameKeys(e, tokens, first) ? 2 : 0) + (e.NeedsContext ? 0 : 1);
            if (score > bestScore) { best = e; bestScore = score; }
        }
        return best;
    }

    private static bool SameKeys(AliasEntry e, List<Token> tokens, int first)
    {
        if (first + e.Keys.Length > tokens.Count) return false;
        for (var k = 0; k < e.Keys.Length; k++)
            if (!string.Equals(e.Keys[k], tokens[first + k].Key, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>
    /// The stemmer folds words of different lemmas together; the endings tell some of them apart. The head noun of
    /// an alias in -ия/-ие keeps its и ("инженерия" is not "инженеры", "обучение" not "обучен"); a feminine noun in
    /// -а/-я is not the masculine person noun on its stem ("аналитика" is not "аналитик", "аналитиков"); and an
    /// ambiguous plural alias matches only plural forms (slang "плюсы" for C++ is not "плюс").
    /// </summary>
    private static bool Inflects(AliasEntry e, List<Token> tokens, int first, int end)
    {
        if (end - first != e.Keys.Length) return true;
        for (var k = 0; k < e.Keys.Length; k++)
        {
            var t = tokens[first + k];
            var alias = e.Keys[k];
            if (!t.Is(TokenFlags.Cyrillic) || string.Equals(alias, t.Key, StringComparison.Ordinal)) continue;
            var stem = t.Match;
            if (!alias.StartsWith(stem, StringComparison.Ordinal) || !t.Key.StartsWith(stem, StringComparison.Ordinal)) continue;
            var aliasEnding = alias.AsSpan(stem.Length);
            var ending = t.Key.AsSpan(stem.Length);
            var head = k == e.Keys.Length - 1;
            if (head && aliasEnding is "ия" or "ие" && (ending.IsEmpty || ending[0] != 'и')) return false;
            if (head && aliasEnding is "а" or "я" && (ending is "ов" or "ом" or "ев" or "ем" || ending.IsEmpty && e.Keys.Length == 1))
                return false;
            if ((e.NeedsContext || e.CaseSensitive) && aliasEnding is "ы" or "и"
                && ending is not ("ы" or "и" or "ов" or "ев" or "ей" or "ам" or "ям" or "ами" or "ями" or "ах" or "ях"))
                return false;
        }
        return true;
    }

    private static bool CaseMatches(AliasEntry e, string text, List<Token> tokens, int first, int end)
    {
        if (end - first != e.Written.Length) return false;
        for (var k = 0; k < e.Written.Length; k++)
        {
            var t = tokens[first + k];
            var written = text.AsSpan(t.Start, t.Length).TrimStart('.');
            var alias = e.Written[k];
            if (t.Is(TokenFlags.Cyrillic))
            {
                if (written.Length == 0 || char.IsUpper(written[0]) != char.IsUpper(alias[0])) return false;
            }
            else if (!written.StartsWith(alias, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>
    /// The alias sits inside one of its exclusion phrases ("R&amp;D", "сегментация базы"), allowing one extra word
    /// inside the phrase ("сегментация клиентской базы"); the phrase is read within a clause.
    /// </summary>
    private static bool IsExcluded(AliasEntry e, List<Token> tokens, int first, int end)
    {
        foreach (var phrase in e.Excludes!)
        {
            var from = Math.Max(0, first - phrase.Length);
            for (var s = from; s <= first; s++)
            {
                var t = s;
                var skipped = 0;
                var k = 0;
                while (k < phrase.Length && t < tokens.Count)
                {
                    // A phrase does not run across a comma, a bracket or a colon: "API: requests" is not "API requests".
                    if (t > s && (tokens[t].Before >= Gap.Clause || (tokens[t].Marks & GapMarks.Colon) != 0)) break;
                    if (Same(tokens[t], phrase[k])) { k++; t++; continue; }
                    if (k == 0 || ++skipped > 1) break;
                    t++;
                }
                if (k == phrase.Length && t >= end && s <= first) return true;
            }
        }
        return false;

        static bool Same(in Token t, string key) =>
            string.Equals(t.Match, key, StringComparison.Ordinal) || string.Equals(t.Key, key, StringComparison.Ordinal);
    }

    private static bool OnlyVersionsAfter(List<Token> tokens, int from)
    {
        for (var k = from; k < tokens.Count; k++)
            if (!tokens[k].Is(TokenFlags.Number) && !(tokens[k].Key.Length <= 4 && tokens[k].Key[0] == 'v' && tokens[k].Is(TokenFlags.HasDigit)))
                return false;
        return true;
    }

    private static string JoinMatches(List<Token> tokens)
    {
        var parts = new string[tokens.Count];
        for (var k = 0; k < tokens.Count; k++) parts[k] = tokens[k].Match;
        return string.Join(' ', parts);
    }

    private void AddAlias(int ordinal, string text, bool caseSensitive, bool needsContext, IReadOnlyList<string>? exclude, HashSet<string> added)
    {
        var tokens = Tokenizer.Tokenize(text);
        if (tokens.Count == 0) return;
        var matches = new string[tokens.Count];
        var keys = new string[tokens.Count];
        var written = new string[tokens.Count];
        for (var k = 0; k < tokens.Count; k++)
        {
            matches[k] = tokens[k].Match;
            keys[k] = tokens[k].Key;
            written[k] = text.Substring(tokens[k].Start, tokens[k].Length).TrimStart('.');
        }
        string[][]? excludes = null;
        if (exclude is { Count: > 0 })
        {
            excludes = exclude.Select(x => Tokenizer.Tokenize(x).Select(t => t.Match).ToArray()).Where(x => x.Length > 0).ToArray();
            if (excludes.Length == 0) excludes = null;
        }
        var entry = new AliasEntry
        {
            Ordinal = ordinal, Text = text, Keys = keys, Written = written,
            CaseSensitive = caseSensitive, NeedsContext = needsContext, Excludes = excludes,
        };
        added.Add(string.Join(' ', matches));
        _trie.Add(matches, entry);
        for (var k = 0; k < keys.Length; k++) (k == 0 ? _headWords : _tailWords).Add(keys[k]);

        // "scikit learn" is also written "scikitlearn", "node js" "nodejs": every way of gluing a Latin name's parts.
        if (tokens.Count is < 2 or > MaxVariantTokens) return;
        foreach (var t in tokens)
            if (!t.Is(TokenFlags.Latin) || t.Is(TokenFlags.Cyrillic) || t.Is(TokenFlags.LeadingDot) || t.Key[^1] is '+' or '#')
                return;
        for (var mask = 1; mask < 1 << (tokens.Count - 1); mask++)
        {
            var variant = new List<string> { matches[0] };
            for (var k = 1; k < tokens.Count; k++)
            {
                if ((mask & (1 << (k - 1))) != 0) variant[^1] += matches[k];
                else variant.Add(matches[k]);
            }
            var joined = string.Join(' ', variant);
            if (added.Add(joined)) _trie.Add(variant, entry);
        }
    }
}
