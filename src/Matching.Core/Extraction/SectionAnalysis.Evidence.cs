namespace Matching.Core.Extraction;

/// <summary>Quotes for evidence: the sentence a skill is named in, cut to size around the name.</summary>
internal sealed partial class SectionAnalysis
{
    /// <summary>
    /// The evidence for a mention: its sentence, or when that is longer than <paramref name="max"/> characters
    /// the clauses around it, or a window of words; always containing the alias as written.
    /// </summary>
    public (int Start, int End) EvidenceSpan(MentionState m, int max = 200)
    {
        var clause = m.Clause;
        var sentence = Clauses[clause].Sentence;
        int first = clause, last = clause;
        while (first > 0 && Clauses[first - 1].Sentence == sentence) first--;
        while (last + 1 < Clauses.Count && Clauses[last + 1].Sentence == sentence) last++;
        if (Span(Clauses[first].First, Clauses[last].End) <= max) return Bounds(Clauses[first].First, Clauses[last].End);

        int lo = clause, hi = clause;
        if (Span(Clauses[lo].First, Clauses[hi].End) <= max)
        {
            while (true)
            {
                var grew = false;
                if (hi < last && Span(Clauses[lo].First, Clauses[hi + 1].End) <= max) { hi++; grew = true; }
                if (lo > first && Span(Clauses[lo - 1].First, Clauses[hi].End) <= max) { lo--; grew = true; }
                if (!grew) break;
            }
            return Bounds(Clauses[lo].First, Clauses[hi].End);
        }

        int a = m.Candidate.FirstToken, b = m.Candidate.EndToken;
        while (true)
        {
            var grew = false;
            if (b < Clauses[clause].End && Span(a, b + 1) <= max) { b++; grew = true; }
            if (a > Clauses[clause].First && Span(a - 1, b) <= max) { a--; grew = true; }
            if (!grew) break;
        }
        return Bounds(a, b);
    }

    private int Span(int firstToken, int endToken) => Tokens[endToken - 1].End - Tokens[firstToken].Start;

    private (int, int) Bounds(int firstToken, int endToken)
    {
        var start = Tokens[firstToken].Start;
        var end = Tokens[endToken - 1].End;
        // Keep a closing bracket or quote that belongs to the quote.
        var text = Section.Source;
        if (end < text.Length && text[end] is ')' or '»' or '"' && text.AsSpan(start, end - start).Contains(text[end] switch { ')' => '(', '»' => '«', _ => '"' }))
            end++;
        return (start, end);
    }
}
