namespace Matching.Core.Extraction;

/// <summary>Quotes for evidence: the sentence a skill is named in, cut to size around the name.</summary>
internal static class Quotes
{
    /// <summary>
    /// The evidence for a mention: its sentence, or when that is longer than <paramref name="max"/> characters
    /// the clauses around it, or a window of words; always containing the alias as written.
    /// </summary>
    public static (int Start, int End) Span(SectionResult a, int mention, int max = 200)
    {
        var clauses = a.Clauses;
        var clause = a.ClauseOf(mention);
        var sentence = clauses[clause].Sentence;
        int first = clause, last = clause;
        while (first > 0 && clauses[first - 1].Sentence == sentence) first--;
        while (last + 1 < clauses.Count && clauses[last + 1].Sentence == sentence) last++;
        if (Length(a, clauses[first].First, clauses[last].End) <= max) return Bounds(a, clauses[first].First, clauses[last].End);

        int lo = clause, hi = clause;
        if (Length(a, clauses[lo].First, clauses[hi].End) <= max)
        {
            while (true)
            {
                var grew = false;
                if (hi < last && Length(a, clauses[lo].First, clauses[hi + 1].End) <= max) { hi++; grew = true; }
                if (lo > first && Length(a, clauses[lo - 1].First, clauses[hi].End) <= max) { lo--; grew = true; }
                if (!grew) break;
            }
            return Bounds(a, clauses[lo].First, clauses[hi].End);
        }

        int from = a.Mentions[mention].FirstToken, to = a.Mentions[mention].EndToken;
        while (true)
        {
            var grew = false;
            if (to < clauses[clause].End && Length(a, from, to + 1) <= max) { to++; grew = true; }
            if (from > clauses[clause].First && Length(a, from - 1, to) <= max) { from--; grew = true; }
            if (!grew) break;
        }
        return Bounds(a, from, to);
    }

    private static int Length(SectionResult a, int firstToken, int endToken) => a.Tokens[endToken - 1].End - a.Tokens[firstToken].Start;

    private static (int, int) Bounds(SectionResult a, int firstToken, int endToken)
    {
        var start = a.Tokens[firstToken].Start;
        var end = a.Tokens[endToken - 1].End;
        // Keep a closing bracket or quote that belongs to the quote.
        var text = a.Section.Source;
        if (end < text.Length && text[end] is ')' or '»' or '"' && text.AsSpan(start, end - start).Contains(text[end] switch { ')' => '(', '»' => '«', _ => '"' }))
            end++;
        return (start, end);
    }
}
