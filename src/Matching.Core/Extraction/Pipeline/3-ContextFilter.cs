using Matching.Core.Extraction.Text;
using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

/// <summary>Stage 5 output: which mentions stand as skills at all (an ambiguous alias needs a technical context).</summary>
/// <param name="ContextOk">For each mention: false for an ambiguous alias ("Go", "R", "Spring") said outside a technical context.</param>
/// <param name="Why">For each kept ambiguous mention, the context that let it stand (for the trace); null otherwise.</param>
internal sealed record Filtered(Segmented Segmented, IReadOnlyList<bool> ContextOk, IReadOnlyList<string?> Why);

/// <summary>
/// An alias marked "needs context" counts only when its sentence names another skill or one of the taxonomy's
/// context cue words, the question asks about technology, its paragraph names a skill of the same kind, or it
/// sits in a list right next to another skill ("pandas/polars", "Go, Rust").
/// </summary>
internal static class ContextFilter
{
    public static Filtered Run(Segmented s, SkillMatcher matcher, Lexicon? lexicon = null)
    {
        lexicon ??= Lexicon.Default;
        var mentions = s.Mentions;
        var ok = new bool[mentions.Count];
        var why = new string?[mentions.Count];
        var pending = new List<int>();
        for (var i = 0; i < mentions.Count; i++)
        {
            // "small Flask-free HTTP servers": "-free" says the thing is done without it.
            if (WithoutIt(s, i)) continue;
            // "~400k MAU", "3 млн MAU": a name after a number of some magnitude is what is counted, not a skill.
            if (Counted(s, i, lexicon)) continue;
            if (mentions[i].Entry.NeedsContext) pending.Add(i);
            // "в транспортной компании «Спарк-Логистик»": a tool's name hyphened to another capitalised word, in
            // quotes, is part of a company's or a product's name.
            else ok[i] = !InQuotedCompound(s.Section.Source, mentions[i].Start, mentions[i].End) && !InProperName(s, i, lexicon);
        }
        if (pending.Count == 0) return new Filtered(s, ok, why);

        var taxonomy = matcher.Taxonomy;
        var techSentence = new HashSet<int>();
        var contextHits = new List<CueHit>();
        Lexicon.Find(matcher.ContextCues, s.Tokens, 0, s.Tokens.Count, contextHits);
        foreach (var cue in contextHits)
            if (s.Resolved.MentionAt[cue.FirstToken] < 0) techSentence.Add(s.Clauses[s.ClauseOfToken(cue.FirstToken)].Sentence);
        var subordinate = new List<int>();
        foreach (var cue in s.Resolved.Cues)
            if (cue.Kind == CueKind.Subordinate) subordinate.Add(cue.FirstToken);

        // "#### Tallbird Health - Senior iOS Engineer": an entry whose role names a skill is about technology throughout.
        var technicalRole = s.Section.Heading is { } heading
            && mentions.Any(m => !m.Entry.NeedsContext && m.Start >= heading.Start && m.End <= heading.End);
        HashSet<int>? names = null;
        foreach (var i in pending)
        {
            // "сервис назывался «Phoenix»", "«Express-Доставка» (курьерская служба)", "пет-проект «Прометей»": an ambiguous
            // name in quotes names a project, a product or a company.
            if (InQuotes(s.Section.Source, mentions[i].Start, mentions[i].End) || Named(s, mentions[i].FirstToken, lexicon) || InProperName(s, i, lexicon)
                || InTwoWordName(s, i, matcher) || AtAnEmployer(s, i, matcher))
            {
                (names ??= []).Add(i);
                continue;
            }
            var sentence = s.SentenceOf(i);
            if ((s.Section.Traits & SectionTraits.Technical) != 0) { (ok[i], why[i]) = (true, "the question asks about technology"); continue; }
            if (technicalRole) { (ok[i], why[i]) = (true, "the entry's role names a skill"); continue; }
            if (techSentence.Contains(sentence)) { (ok[i], why[i]) = (true, "a technical word in the sentence"); continue; }
            var paragraph = s.Clauses[s.ClauseOfMention[i]].Paragraph;
            var skill = mentions[i].Ordinal;
            for (var j = 0; j < mentions.Count; j++)
            {
                var other = mentions[j];
                if (other.Entry.NeedsContext || other.Ordinal == skill) continue;
                // "…, sends me an alert when a GPU drops below a threshold": a skill across a subordinate clause's opening
                // word says nothing of this one.
                if (s.SentenceOf(j) == sentence)
                {
                    if (Between(subordinate, mentions[i].FirstToken, other.FirstToken)) continue;
                    (ok[i], why[i]) = (true, "another skill in the sentence");
                    break;
                }
                if (s.Clauses[s.ClauseOfMention[j]].Paragraph == paragraph && SameKind(taxonomy, skill, other.Ordinal))
                {
                    (ok[i], why[i]) = (true, "a skill of its kind in the paragraph");
                    break;
                }
            }
        }
        // List neighbours: "Go, Rust" next to an item that counts, or two ambiguous names side by side ("pandas/polars").
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var i in pending)
            {
                if (ok[i] || names is not null && names.Contains(i)) continue;
                for (var j = i - 1; j <= i + 1; j += 2)
                {
                    if (j < 0 || j >= mentions.Count || s.SentenceOf(j) != s.SentenceOf(i)) continue;
                    if (mentions[j].Ordinal == mentions[i].Ordinal) continue;
                    var lo = mentions[Math.Min(i, j)];
                    var hi = mentions[Math.Max(i, j)];
                    if (!s.OnlyListBetween(lo.EndToken, hi.FirstToken)) continue;
                    var adjacent = hi.FirstToken == lo.EndToken && s.Tokens[hi.FirstToken].Before is Gap.Joined or Gap.Clause;
                    if (!ok[j] && !adjacent || names is not null && names.Contains(j)) continue;
                    (ok[i], why[i]) = (true, "listed next to another skill");
                    if (!ok[j]) (ok[j], why[j]) = (true, "listed next to another skill");
                    changed = true;
                    break;
                }
            }
        }
        return new Filtered(s, ok, why);
    }

    /// <summary>
    /// The mention right after a number with a magnitude ("400k", "2.5M", "3 млн", "300 тыс."): the thing counted, as in
    /// "~400k MAU" or "2.5M DAU", not a skill.
    /// </summary>
    private static bool Counted(Segmented s, int i, Lexicon lexicon)
    {
        var t = s.Mentions[i].FirstToken;
        var tokens = s.Tokens;
        if (t == 0 || tokens[t].Before != Gap.Space) return false;
        // The number ends right before the name ("400k", "2.5M" read as one number), or a magnitude word does ("3 млн").
        for (var start = t - 1; start >= 0 && start >= t - 3; start--)
        {
            if (!tokens[start].Is(TokenFlags.Number) || start > 0 && tokens[start - 1].Is(TokenFlags.Number) && tokens[start].Before == Gap.Joined) continue;
            var (_, suffix, end) = NumberCues.ReadNumber(s, start, t);
            if (end == t) return suffix.Length > 0 && lexicon.Is(WordKind.SizeSuffix, suffix);
            return end == t - 1 && suffix.Length == 0 && tokens[t - 1].Before is Gap.Space or Gap.Joined && lexicon.Is(WordKind.SizeSuffix, tokens[t - 1].Key);
        }
        return false;
    }

    /// <summary>"the internal ML platform is called Atlas", "my manager Ray", "my tech lead, Ray": a naming word right before the name.</summary>
    private static bool Named(Segmented s, int first, Lexicon lexicon)
    {
        for (var t = first - 1; t >= 0 && t >= first - 2; t--)
        {
            // "my tech lead, Ray, pushed for…": a name in apposition after a comma.
            var gap = s.Tokens[t + 1];
            if (gap.Before > Gap.Clause || gap.Before == Gap.Clause && (t != first - 1 || gap.Marks != GapMarks.None)) return false;
            if (lexicon.Is(WordKind.Naming, s.Tokens[t].Key)) return true;
        }
        return false;
    }

    /// <summary>
    /// A one-word skill name that is part of a person's or an organisation's name: "Falcon Insurance Group", "Elixir
    /// Pharma" (capitalised words up to a word that ends such names), "my manager, Sarah Jenkins", "my tech lead,
    /// Cassandra Novak", "с аналитиком Лорой Сафиной" (a first and a last name side by side after a role written in
    /// lower case).
    /// </summary>
    internal static bool InProperName(Segmented s, int i, Lexicon lexicon)
    {
        var m = s.Mentions[i];
        var tokens = s.Tokens;
        var text = s.Section.Source;
        var t = m.FirstToken;
        if (m.EndToken - t != 1 || !TitleCase(text, tokens[t])) return false;
        for (var k = t + 1; k <= t + 3 && k < tokens.Count; k++)
        {
            if (tokens[k].Before != Gap.Space || !TitleCase(text, tokens[k]) || s.Resolved.MentionAt[k] >= 0) break;
            if (lexicon.Is(WordKind.CompanySuffix, tokens[k].Key)) return true;
        }
        int first;
        if (NameWordBeside(s, t + 1, t + 1, dashJoined: false)) first = t;
        else if (NameWordBeside(s, t - 1, t, dashJoined: false)) first = t - 1;
        else return false;
        for (var k = first - 1; k >= 0 && k >= first - 3; k--)
        {
            if (tokens[k + 1].Before >= Gap.Sentence) return false;
            if (char.IsUpper(text[tokens[k].Start])) continue;
            if (lexicon.Is(WordKind.Naming, tokens[k].Key) || lexicon.IsRoleNoun(tokens[k].Key)) return true;
        }
        return false;
    }

    /// <summary>
    /// "веб-студия Quasar Digital", "Current role — Northwind Express", "стартап Nomad Trips": an ambiguous
    /// name beside a capitalised word that is no skill, in running text, is one word of a company's or product's name.
    /// A line in title case ("### Spark Jobs Optimization") says nothing by its capitals.
    /// </summary>
    /// <summary>"Flask-free", "ORM-free", "Kubernetes-free": a name hyphened to "free" names what is not used.</summary>
    private static bool WithoutIt(Segmented s, int i)
    {
        var next = s.Mentions[i].EndToken;
        return next < s.Tokens.Count && s.Tokens[next].Key == "free" && s.Tokens[next].Before == Gap.Joined
               && (s.Tokens[next].Marks & GapMarks.Dash) != 0;
    }

    /// <summary>
    /// "At Falcon everything in my team is Kotlin", "my daily language at Falcon": a capitalised ambiguous name right after
    /// "at", ending its clause or followed by a word in lower case that opens no skill, is where the candidate works.
    /// </summary>
    private static bool AtAnEmployer(Segmented s, int i, SkillMatcher matcher)
    {
        var m = s.Mentions[i];
        var tokens = s.Tokens;
        var t = m.FirstToken;
        if (m.EndToken - t != 1 || t == 0 || tokens[t - 1].Key != "at" || tokens[t].Before > Gap.Space) return false;
        if (!char.IsUpper(s.Section.Source[tokens[t].Start])) return false;
        var next = t + 1;
        if (next >= tokens.Count || tokens[next].Before >= Gap.Clause) return true;
        return s.Resolved.MentionAt[next] < 0 && char.IsLower(s.Section.Source[tokens[next].Start]) && !matcher.ContinuesAnAlias(tokens[next].Key)
               && tokens[next].Key is not ("and" or "or" or "with" or "in" or "on" or "for" or "to");
    }

    private static bool InTwoWordName(Segmented s, int i, SkillMatcher matcher)
    {
        var m = s.Mentions[i];
        var tokens = s.Tokens;
        var text = s.Section.Source;
        var t = m.FirstToken;
        if (m.EndToken - t != 1) return false;
        // "Spark Connect", "Apache Spark": a word that goes with names of technology elsewhere in the taxonomy makes none.
        var after = NameWordBeside(s, t + 1, t + 1, dashJoined: true) && !matcher.ContinuesAnAlias(tokens[t + 1].Key);
        // The word before must not just open its sentence ("Room for improvement" has no name in it).
        var before = t > 0 && tokens[t - 1].Before < Gap.Sentence && NameWordBeside(s, t - 1, t, dashJoined: true)
                     && !matcher.OpensAnAlias(tokens[t - 1].Key);
        if (!after && !before) return false;
        // "Senior SRE at Falcon Payments": a name after "at" is the employer's, whatever the line's capitals.
        if (after && t > 0 && tokens[t - 1].Key is "at" or "for" && tokens[t].Before <= Gap.Space) return true;
        // A heading or a line in title case: most of its words have capitals.
        var clause = s.Clauses[s.ClauseOfToken(t)];
        int words = 0, capitals = 0;
        for (var k = clause.First; k < clause.End; k++)
        {
            if (tokens[k].Key.Length < 3) continue;
            words++;
            if (char.IsUpper(text[tokens[k].Start])) capitals++;
        }
        return capitals * 2 < words + 2 || words <= 3 && before;
    }

    /// <summary>
    /// Token <paramref name="k"/> is a capitalised word that is no skill, a space away from its neighbour (the gap before
    /// token <paramref name="gapAt"/>), or joined by a hyphen when <paramref name="dashJoined"/>: a word of a name.
    /// </summary>
    private static bool NameWordBeside(Segmented s, int k, int gapAt, bool dashJoined)
    {
        var tokens = s.Tokens;
        if (k < 0 || k >= tokens.Count || s.Resolved.MentionAt[k] >= 0 || !TitleCase(s.Section.Source, tokens[k])) return false;
        var gap = tokens[gapAt];
        return gap.Before == Gap.Space || dashJoined && gap.Before == Gap.Joined && (gap.Marks & GapMarks.Dash) != 0;
    }

    /// <summary>"Sarah", "Лорой": a capital and then lower case (not "AWS", not "iOS").</summary>
    private static bool TitleCase(string text, in Token t)
    {
        if (t.End - t.Start < 2 || !char.IsUpper(text[t.Start])) return false;
        for (var c = t.Start + 1; c < t.End; c++) if (!char.IsLower(text[c])) return false;
        return true;
    }

    /// <summary>Whether [start, end) is one part of a hyphened name in quotes, beside a capitalised word: «Спарк-Логистик».</summary>
    internal static bool InQuotedCompound(string text, int start, int end)
    {
        var joinedAfter = end + 1 < text.Length && text[end] == '-' && char.IsUpper(text[end + 1]);
        var joinedBefore = start >= 2 && text[start - 1] == '-' && char.IsLetter(text[start - 2]);
        if (!joinedAfter && !joinedBefore) return false;
        if (joinedBefore)
        {
            var w = start - 2;
            while (w > 0 && char.IsLetter(text[w - 1])) w--;
            if (!char.IsUpper(text[w])) return false;
        }
        return char.IsUpper(text[start]) && InQuotes(text, start, end);
    }

    /// <summary>Whether [start, end) lies inside a pair of quotes on its line: «…», “…” or "…".</summary>
    internal static bool InQuotes(string text, int start, int end)
    {
        var lineStart = start > 0 ? text.LastIndexOf('\n', start - 1) + 1 : 0;
        var lineEnd = text.IndexOf('\n', end);
        if (lineEnd < 0) lineEnd = text.Length;
        // Guillemets and curly quotes pair by direction.
        var open = text.LastIndexOfAny(['«', '“'], Math.Max(lineStart, start - 1), start - lineStart);
        if (open >= lineStart && text.IndexOfAny(['»', '”'], open, start - open) < 0)
        {
            var close = text.IndexOfAny(['»', '”'], end, lineEnd - end);
            if (close >= 0 && text.IndexOfAny(['«', '“'], end, close - end) < 0) return true;
        }
        // Straight quotes pair by count: an odd number before on the line, one after.
        var before = 0;
        for (var k = lineStart; k < start; k++) if (text[k] == '"') before++;
        return before % 2 == 1 && text.IndexOf('"', end, lineEnd - end) >= 0;
    }

    private static bool Between(List<int> tokens, int a, int b)
    {
        var (lo, hi) = a < b ? (a, b) : (b, a);
        foreach (var t in tokens)
            if (t > lo && t < hi) return true;
        return false;
    }

    /// <summary>Two skills of one kind: same category, a shared parent, or one above the other.</summary>
    private static bool SameKind(SkillTaxonomy taxonomy, int a, int b)
    {
        if (string.Equals(taxonomy[a].Category, taxonomy[b].Category, StringComparison.Ordinal)) return true;
        if (taxonomy.IsAncestor(a, b) || taxonomy.IsAncestor(b, a)) return true;
        foreach (var p in taxonomy.ParentsOf(a))
            foreach (var q in taxonomy.ParentsOf(b))
                if (p == q) return true;
        return false;
    }
}
