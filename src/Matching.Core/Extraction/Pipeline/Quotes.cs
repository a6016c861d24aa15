namespace Matching.Core.Extraction;

/// <summary>
/// Quotes for evidence: the shortest stretch a recruiter can check — the clause that names the skill, with the clause
/// of the cue that decided its level when that is another one of the same sentence, and for a bare list item the
/// list's head ("Применял на одной из работ FastAPI, SQLAlchemy 2.0 + asyncpg"), not the whole sentence or list.
/// </summary>
internal static class Quotes
{
    public static (int Start, int End) Span(SectionResult a, int mention, int max = 200)
    {
        var clauses = a.Clauses;
        var k = a.ClauseOf(mention);
        var sentence = clauses[k].Sentence;
        int lo = k, hi = k;
        // The cues that decided the level: where it was used, what capped it, its depth words.
        var scope = a.Scopes[mention];
        if (scope.WhereCue is { } w) Widen(w);
        if (a.Levels[mention].CapCue is { } cap) Widen(cap);
        foreach (var c in scope.StrongCues) Widen(c);
        // "функциональное, регрессионное, исследовательское тестирование": a modifier that shares a later alias's head
        // reads as its skill only with that head, so the quote goes on to it.
        var self = a.Mentions[mention];
        if (self.Entry.Keys.Length > self.EndToken - self.FirstToken)
            for (var j = mention + 1; j < a.Mentions.Count; j++)
            {
                var c = a.ClauseOf(j);
                if (clauses[c].Sentence != sentence) break;
                var other = a.Mentions[j];
                if (other.Entry.Keys.Length > 1 && other.EndToken - other.FirstToken == other.Entry.Keys.Length
                    && other.Entry.Keys[^1] == self.Entry.Keys[^1]) { hi = Math.Max(hi, c); break; }
            }
        void Widen(CueHit cue)
        {
            var c = a.Segmented.ClauseOfToken(cue.FirstToken);
            if (clauses[c].Sentence != sentence) return;
            lo = Math.Min(lo, c);
            hi = Math.Max(hi, c);
        }

        if (lo == k && clauses[k].Bare)
        {
            // A bare list item: back to the clause that heads the list, if the sentence has one.
            var j = k - 1;
            while (j >= 0 && clauses[j].Sentence == sentence && clauses[j].Bare) j--;
            if (j >= 0 && clauses[j].Sentence == sentence) lo = j;
        }
        if (Length(a, clauses[lo].First, clauses[hi].End) <= max) return Bounds(a, clauses[lo].First, clauses[hi].End);
        if (Length(a, clauses[k].First, clauses[k].End) <= max) return Bounds(a, clauses[k].First, clauses[k].End);

        int from = a.Mentions[mention].FirstToken, to = a.Mentions[mention].EndToken;
        while (true)
        {
            var grew = false;
            if (to < clauses[k].End && Length(a, from, to + 1) <= max) { to++; grew = true; }
            if (from > clauses[k].First && Length(a, from - 1, to) <= max) { from--; grew = true; }
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
