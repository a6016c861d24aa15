using System.Collections.Frozen;
using System.Runtime.InteropServices;
using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>
/// A term a questionnaire names that looks like a tool or technology but resolves to no skill of the taxonomy
/// ("ClickHouse" before it was added, "Superset", "Foo 2.0"): what <c>GET /taxonomy/candidates</c> counts across
/// profiles so that the taxonomy's owner can see what it lacks.
/// </summary>
/// <param name="Key">The term folded for counting: lowercase, ё as е, inner blanks as one space ("apache superset").</param>
/// <param name="Display">The spelling the questionnaire uses most often ("Apache Superset").</param>
/// <param name="Examples">One or two short quotes (at most <see cref="CandidateTerms.MaxQuote"/> characters) around it.</param>
public sealed record CandidateTerm(string Key, string Display, IReadOnlyList<string> Examples)
{
    /// <summary>The key a spelling is counted under ("Apache  Superset" → "apache superset"); "" when it has no word.</summary>
    public static string KeyOf(string spelling) => CandidateTerms.Fold(spelling);
}

/// <summary>
/// Runs after the skill stages, reads only what they produced, and changes nothing of it: the words outside every
/// alias match (so never a known spelling, whatever its context filter decided) that are written like a product name.
/// A word is a candidate when it is
/// <list type="bullet">
/// <item>Latin-script in a Russian sentence ("деплоили через Werf");</item>
/// <item>written like a product: inner capitals ("ClickHouse"), letters with digits ("Foo3"), joined by a dot
/// ("Vue.js"), or followed by a version ("Superset 2.1");</item>
/// <item>an item of a comma or slash list beside a skill ("Python, Polars, Pandas").</item>
/// </list>
/// Not candidates: common words (<c>db/lexicons/candidate-terms.txt</c>), a capitalised word that only starts a
/// sentence or stands alone in English prose (names of people, places and companies look the same), the
/// organisations of the candidate's experience entries, known spellings, single letters and numbers. Cheap by design: a flag test per
/// word, strings only for the few that qualify.
/// </summary>
internal static class CandidateTerms
{
    public const int MaxQuote = 80;
    /// <summary>Kept per questionnaire (the most frequent first): a pasted wall of names does not flood the counts.</summary>
    public const int MaxPerProfile = 40;
    public const int MaxExamples = 2;
    private const int MaxWords = 3;
    private const int MaxKeyLength = 60;

    private static readonly Lazy<StopWords> LazyStop = new(StopWords.LoadEmbedded);

    public static IReadOnlyList<CandidateTerm> Collect(IReadOnlyList<SectionResult> sections, IReadOnlyList<Profiles.Experience> experience,
        Taxonomy.SkillTaxonomy taxonomy)
    {
        var stop = LazyStop.Value;
        Dictionary<string, Found>? found = null;
        var order = 0;
        foreach (var a in sections) Scan(a, stop, ref found, ref order);
        if (found is null) return [];
        foreach (var e in experience)
        {
            if (string.IsNullOrWhiteSpace(e.Organization)) continue;
            var org = Fold(e.Organization);
            foreach (var key in found.Keys.ToList())
                if (org.Contains(key, StringComparison.Ordinal)) found.Remove(key);
        }
        // A known spelling the matcher passed over where it stands (a case-sensitive alias written in lowercase, a word
        // whose context rule did not hold): the taxonomy has it already.
        foreach (var (key, f) in found.ToList())
            if (taxonomy.ResolveExact(f.Display()) is not null) found.Remove(key);
        return found.Values
            .OrderByDescending(f => f.Count).ThenBy(f => f.Order)
            .Take(MaxPerProfile)
            .Select(f => new CandidateTerm(f.Key, f.Display(), f.Examples))
            .ToList();
    }

    private static void Scan(SectionResult a, StopWords stop, ref Dictionary<string, Found>? found, ref int order)
    {
        // By reference and by array: this loop meets every word of every questionnaire.
        ReadOnlySpan<Token> tokens = CollectionsMarshal.AsSpan(a.Tokens);
        var n = tokens.Length;
        if (n == 0) return;
        var mentionAt = a.Segmented.Resolved.MentionAt as int[] ?? [.. a.Segmented.Resolved.MentionAt];
        var source = a.Section.Source;
        bool[]? russian = null;
        var t = 0;
        while (t < n)
        {
            // Most words fail here on their flags alone: a plain lowercase word starts a term only joined to the next
            // ("node-red") or as a list item beside a skill.
            if (!Wordlike(tokens[t], mentionAt[t]) || !MayStart(source, tokens, mentionAt, t) || stop.Words.Contains(tokens[t].Key))
            {
                t++;
                continue;
            }
            // The run: up to three words written together ("Apache Superset", "Vue.js"); a slash or a comma ends it.
            var end = t + 1;
            while (end < n && end - t < MaxWords && Wordlike(tokens[end], mentionAt[end]) && !stop.Words.Contains(tokens[end].Key)
                   && Continues(tokens[end - 1], tokens[end]))
                end++;
            var first = t;
            t = end;

            russian ??= RussianSentences(a);
            var clause = a.Segmented.ClauseOfToken(first);
            if (Keep(a, clause, first, end, russian[a.Clauses[clause].Sentence])) Add(a, clause, first, end, stop, ref found, ref order);
        }
    }

    private static bool Keep(SectionResult a, int clause, int first, int end, bool inRussian)
    {
        var tokens = a.Tokens;
        var n = tokens.Count;
        var mentionAt = a.Segmented.Resolved.MentionAt;
        // Written on to a skill's name ("OpenTelemetry Collector", "Databricks Community Edition", "spark-operator"):
        // a part or an edition of a known product, not a product of its own.
        if (first > 0 && mentionAt[first - 1] >= 0 && tokens[first].Before <= Gap.Space) return false;
        if (end < n && mentionAt[end] >= 0 && tokens[end].Before <= Gap.Space) return false;
        // One letter and a number ("A100", "H100s", "L4", "B1", "Q3"): models of hardware, levels, quarters.
        if (end - first == 1 && IsLetterAndNumber(tokens[first])) return false;
        // A label ("State: Redux", "Infrastructure:"): what follows is the answer.
        if (end < n && (tokens[end].Marks & GapMarks.Colon) != 0 && tokens[first].Before >= Gap.Sentence) return false;

        var shaped = false;
        var capitalised = true;
        for (var k = first; k < end; k++)
        {
            shaped |= ProductShaped(a.Section.Source, tokens[k]) || k > first && tokens[k].Before == Gap.Joined && tokens[k].Marks == GapMarks.None;
            capitalised &= tokens[k].Is(TokenFlags.Capitalized) || tokens[k].Is(TokenFlags.AllUpper) || tokens[k].Is(TokenFlags.HasDigit);
        }
        if (shaped) return true;
        // Latin in a Russian sentence: a name, unless it starts a sentence as an English word would.
        if (capitalised && inRussian && tokens[first].Before < Gap.Sentence) return true;
        if (ListItem(a, clause, first, end)) return true;
        return capitalised && Versioned(tokens, mentionAt, end);
    }

    private static void Add(SectionResult a, int clause, int first, int end, StopWords stop, ref Dictionary<string, Found>? found, ref int order)
    {
        var tokens = a.Tokens;
        var key = KeyOf(tokens, first, end);
        if (key.Length is < 2 or > MaxKeyLength || stop.Names.Contains(key) || stop.Words.Contains(key)) return;
        found ??= new Dictionary<string, Found>(StringComparer.Ordinal);
        if (!found.TryGetValue(key, out var f)) found[key] = f = new Found(key, order++);
        f.Add(a.Section.Source[tokens[first].Start..tokens[end - 1].End], a, clause, first, end);
    }

    private static bool IsLetterAndNumber(in Token token)
    {
        var key = token.Key;
        var digits = key.EndsWith('s') ? key.Length - 1 : key.Length; // "H100s"
        if (digits < 2 || !char.IsLetter(key[0])) return false;
        for (var i = 1; i < digits; i++) if (!char.IsDigit(key[i])) return false;
        return true;
    }

    /// <summary>A version follows: "Superset 2.1", "Foo v3" (not "around 500M" nor "4 TB").</summary>
    private static bool Versioned(List<Token> tokens, IReadOnlyList<int> mentionAt, int end)
    {
        if (end >= tokens.Count || tokens[end].Before > Gap.Space || mentionAt[end] >= 0) return false;
        var v = tokens[end];
        if (v.Key.Length >= 2 && v.Key[0] == 'v' && char.IsDigit(v.Key[1])) return true;
        return v.Is(TokenFlags.Number) && v.Key.All(char.IsDigit) && end + 1 < tokens.Count && tokens[end + 1].Before == Gap.Joined
               && tokens[end + 1].Is(TokenFlags.Number) && tokens[end].End + 1 == tokens[end + 1].Start;
    }

    /// <summary>
    /// The term is a whole item of a list whose neighbour is a skill ("Python, Polars, Pandas", "Jest/Vitest"): its
    /// clause holds nothing else but list words and versions.
    /// </summary>
    private static bool ListItem(SectionResult a, int clause, int first, int end)
    {
        var tokens = a.Tokens;
        var c = a.Clauses[clause];
        var slashed = first > 0 && (tokens[first].Marks & GapMarks.Slash) != 0 || end < tokens.Count && (tokens[end].Marks & GapMarks.Slash) != 0;
        if (!slashed && !(a.Segmented.OnlyListBetween(c.First, first) && a.Segmented.OnlyListBetween(end, c.End))) return false;
        return BesideSkill(a, first, end);
    }

    private static bool MayStart(string source, ReadOnlySpan<Token> tokens, int[] mentionAt, int t)
    {
        ref readonly var token = ref tokens[t];
        if (Named(token) || token.Is(TokenFlags.LeadingDot)) return true;
        if (t + 1 < tokens.Length && tokens[t + 1].Before == Gap.Joined) return true;
        for (var k = Math.Max(0, t - 3); k <= Math.Min(tokens.Length - 1, t + 3); k++)
            if (mentionAt[k] >= 0) return true;
        return source.AsSpan(token.Start, token.Length).IndexOfAnyInRange('A', 'Z') > 0; // "gRPC", "pgBouncer"
    }

    /// <summary>A word that may be (part of) a name: Latin letters, not inside an alias match, not a bare number.</summary>
    private static bool Wordlike(in Token token, int mention) =>
        mention < 0 && token.Is(TokenFlags.Latin) && !token.Is(TokenFlags.Cyrillic | TokenFlags.OtherScript | TokenFlags.Number)
        && (token.Length > 1 || token.Is(TokenFlags.HasDigit));

    /// <summary>
    /// The next word continues the name: written right after it ("Vue.js", "node-red"), or after a blank when both are
    /// written as names ("Apache Superset", not "rented H100s").
    /// </summary>
    private static bool Continues(in Token previous, in Token token) =>
        token.Before == Gap.Joined && (token.Marks & (GapMarks.Slash | GapMarks.Plus)) == 0
        || token.Before == Gap.Space && Named(previous) && Named(token);

    private static bool Named(in Token token) => token.Is(TokenFlags.Capitalized) || token.Is(TokenFlags.AllUpper) || token.Is(TokenFlags.HasDigit);

    /// <summary>Inner capitals ("ClickHouse", "gRPC"), letters and digits together ("S3", "Foo3"), a leading dot.</summary>
    private static bool ProductShaped(string source, in Token token)
    {
        if (token.Is(TokenFlags.HasDigit) || token.Is(TokenFlags.LeadingDot)) return true;
        if (token.Is(TokenFlags.AllUpper)) return false;
        var span = source.AsSpan(token.Start, token.Length);
        for (var i = 1; i < span.Length; i++)
            if (char.IsUpper(span[i]) && char.IsLower(span[i - 1])) return true;
        return false;
    }

    /// <summary>
    /// The nearest word on either side, past list words ("и", "and") and versions, is a skill, with a comma or a slash
    /// between: an item of a list of skills.
    /// </summary>
    private static bool BesideSkill(SectionResult a, int first, int end)
    {
        var tokens = a.Tokens;
        var resolved = a.Segmented.Resolved;
        var listGap = IsListGap(tokens[first]);
        var k = first - 1;
        while (k >= 0 && resolved.MentionAt[k] < 0 && (resolved.ListJoinAt[k] || Segmented.IsVersionLike(tokens[k])))
            listGap |= IsListGap(tokens[k--]);
        if (k >= 0 && resolved.MentionAt[k] >= 0 && listGap) return true;
        listGap = false;
        k = end;
        while (k < tokens.Count && resolved.MentionAt[k] < 0 && (resolved.ListJoinAt[k] || Segmented.IsVersionLike(tokens[k])))
            listGap |= IsListGap(tokens[k++]);
        return k < tokens.Count && resolved.MentionAt[k] >= 0 && (listGap || IsListGap(tokens[k]));

        static bool IsListGap(in Token next) =>
            next.Before == Gap.Clause && (next.Marks & (GapMarks.OpenBracket | GapMarks.CloseBracket | GapMarks.Dash)) == 0
            || (next.Marks & (GapMarks.Slash | GapMarks.Plus)) != 0;
    }

    /// <summary>Per sentence of the section: has it two or more Cyrillic words?</summary>
    private static bool[] RussianSentences(SectionResult a)
    {
        var clauses = a.Clauses;
        var sentences = clauses.Count == 0 ? 1 : clauses[^1].Sentence + 1;
        var counts = new int[sentences];
        foreach (var c in clauses)
            for (var t = c.First; t < c.End; t++)
                if (a.Tokens[t].Is(TokenFlags.Cyrillic)) counts[c.Sentence]++;
        var russian = new bool[sentences];
        for (var s = 0; s < sentences; s++) russian[s] = counts[s] >= 2;
        return russian;
    }

    private static string KeyOf(List<Token> tokens, int first, int end)
    {
        if (end - first == 1) return tokens[first].Key;
        var parts = new string[end - first];
        for (var k = first; k < end; k++) parts[k - first] = tokens[k].Key;
        // One space whatever joins the words in the text: "Vue.js" and "vue js" are one term.
        return string.Join(' ', parts);
    }

    /// <summary>The clause around the term, cut to <see cref="MaxQuote"/> characters around it when longer.</summary>
    private static string Quote(SectionResult a, int clause, int first, int end)
    {
        var tokens = a.Tokens;
        var c = a.Clauses[clause];
        int from = first, to = end;
        if (tokens[c.End - 1].End - tokens[c.First].Start <= MaxQuote) (from, to) = (c.First, c.End);
        else
        {
            while (true)
            {
                var grew = false;
                if (to < c.End && tokens[to].End - tokens[from].Start <= MaxQuote) { to++; grew = true; }
                if (from > c.First && tokens[to - 1].End - tokens[from - 1].Start <= MaxQuote) { from--; grew = true; }
                if (!grew) break;
            }
        }
        var start = tokens[from].Start;
        var stop = Math.Min(tokens[to - 1].End, start + MaxQuote);
        return a.Section.Source[start..stop].ReplaceLineEndings(" ");
    }

    /// <summary>Lowercase, ё as е, blanks and joints as one space: the key a display spelling is counted under.</summary>
    public static string Fold(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        return string.Join(' ', tokens.Select(t => t.Key));
    }

    private sealed class Found(string key, int order)
    {
        private readonly Dictionary<string, int> _spellings = new(StringComparer.Ordinal);
        public string Key { get; } = key;
        public int Order { get; } = order;
        public int Count { get; private set; }
        public List<string> Examples { get; } = new(MaxExamples);

        public void Add(string spelling, SectionResult a, int clause, int first, int end)
        {
            Count++;
            _spellings[spelling] = _spellings.GetValueOrDefault(spelling) + 1;
            if (Examples.Count >= MaxExamples) return;
            var q = Quote(a, clause, first, end);
            if (!Examples.Contains(q)) Examples.Add(q);
        }

        public string Display()
        {
            string best = "";
            var most = 0;
            foreach (var (spelling, count) in _spellings)
                if (count > most) (best, most) = (spelling, count);
            return best;
        }
    }

    /// <summary>
    /// <c>db/lexicons/candidate-terms.txt</c>: <c>[words]</c> are common words that are never a term nor part of one;
    /// <c>[names]</c> are people's, places' and companies' names that are not a term on their own ("Yandex" is not,
    /// "Yandex Cloud" may be).
    /// </summary>
    internal sealed record StopWords(FrozenSet<string> Words, FrozenSet<string> Names)
    {
        public static StopWords Parse(string text)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string>? into = null;
            var line = 0;
            foreach (var raw in text.Split('\n'))
            {
                line++;
                var entry = raw.Trim();
                if (entry.Length == 0 || entry.StartsWith('#')) continue;
                if (entry == "[words]") { into = words; continue; }
                if (entry == "[names]") { into = names; continue; }
                if (into is null) throw new LexiconException($"db/lexicons/candidate-terms.txt line {line}: an entry before [words] or [names].");
                var key = Fold(entry);
                if (key.Length == 0) throw new LexiconException($"db/lexicons/candidate-terms.txt line {line}: '{entry}' has no word.");
                if (!into.Add(key)) throw new LexiconException($"db/lexicons/candidate-terms.txt line {line}: '{entry}' is listed twice.");
            }
            return new StopWords(words.ToFrozenSet(StringComparer.Ordinal), names.ToFrozenSet(StringComparer.Ordinal));
        }

        public static StopWords LoadEmbedded()
        {
            using var stream = typeof(CandidateTerms).Assembly.GetManifestResourceStream("lexicons/candidate-terms.txt")
                               ?? throw new LexiconException("db/lexicons/candidate-terms.txt is not compiled in.");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd());
        }
    }
}
