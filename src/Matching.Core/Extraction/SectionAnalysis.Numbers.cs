using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>Numbers near skills: years of use, data sizes, shares in percent, self-ratings.</summary>
internal sealed partial class SectionAnalysis
{
    /// <summary>Years ("3+ года", "лет 5", "two years"), data sizes ("1.5 миллионов", "100гб", "4 TB") and self-ratings ("4/5").</summary>
    private void ApplyNumbers()
    {
        var years = new Dictionary<int, CueHit>();
        var sizeAt = new HashSet<int>();
        var numberWord = new Dictionary<int, CueHit>();
        foreach (var cue in CueHits)
        {
            if (cue.Kind == CueKind.Years) years[cue.FirstToken] = cue;
            else if (cue.Kind == CueKind.Size) sizeAt.Add(cue.FirstToken);
            else if (cue.Kind == CueKind.NumberWord) numberWord[cue.EndToken - 1] = cue;
        }

        for (var k = 0; k < Clauses.Count; k++)
        {
            var c = Clauses[k];
            if (c.HasNegative || c.HasOthers) continue;
            for (var t = c.First; t < c.End; t++)
            {
                if (years.TryGetValue(t, out var unit))
                {
                    var count = NumberBefore(t, c.First, numberWord) ?? NumberAfter(unit.EndToken, c.End, numberWord);
                    var value = count is { } n ? n * unit.Value : unit.Value < 1 ? unit.Value : (double?)null;
                    if (value is > 0 and <= 40) ApplyNumber(k, unit, m => m.Years = Math.Max(m.Years, value.Value));
                    continue;
                }
                var token = Tokens[t];
                if (!token.Is(TokenFlags.Number)) continue;
                var (number, suffix, end) = ReadNumber(t, c.End);
                if (end < c.End && Tokens[end].Before == Gap.Joined && (Tokens[end].Marks & GapMarks.Slash) != 0
                    && Tokens[end].Is(TokenFlags.Number) && ReadNumber(end, c.End) is (var scale and (5 or 10), "", _) && number <= scale)
                {
                    var rating = (number, scale);
                    ApplyNumber(k, new CueHit(new Cue(CueKind.Strong, 0, "rating"), t, end + 1), m => m.Rating = rating);
                    continue;
                }
                if (IsPercent(t, end, c))
                {
                    // "используем его процентов на 20": partly; "SQL does 90% of my work": mostly.
                    if (number < 50) ApplyNumber(k, new CueHit(new Cue(CueKind.Hedge, 0.4, "%"), t, end), m => Cap(m, 0.4, t, end));
                    else if (number >= 80) ApplyNumber(k, new CueHit(new Cue(CueKind.Strong, 0.1, "%"), t, end), m => Boost(m, 0.1, t, end));
                    continue;
                }
                if (IsSizeSuffix(suffix) || end < c.End && sizeAt.Contains(end))
                {
                    SectionSize = true;
                    ApplyNumber(k, new CueHit(new Cue(CueKind.Size, 0, "size"), t, end + 1), m => m.Size = true);
                }
            }
        }
    }

    private bool IsPercent(int t, int end, Clause c)
    {
        var text = Section.Source;
        if (Tokens[t].End < text.Length && text[Tokens[end - 1].End..].AsSpan().TrimStart(' ').StartsWith("%")) return true;
        if (end < c.End && Tokens[end].Key is "процентов" or "процента" or "процент" or "percent") return true;
        return t - 2 >= c.First && Tokens[t - 2].Key is "процентов" or "процента" && Tokens[t - 1].Key is "на" or "в";
    }

    private void Cap(MentionState m, double cap, int first, int end)
    {
        if (cap < m.Cap) { m.Cap = cap; m.CapCue = new CueHit(new Cue(CueKind.Hedge, cap, "%"), first, end); }
    }

    private static void Boost(MentionState m, double value, int first, int end)
    {
        m.Strong += value;
        (m.StrongCues ??= []).Add(new CueHit(new Cue(CueKind.Strong, value, "%"), first, end));
    }

    private void ApplyNumber(int k, CueHit cue, Action<MentionState> set)
    {
        var targets = new List<int>();
        var c = Clauses[k];
        if (c.Mentions.Count > 0)
        {
            var after = GovernsForward(c, cue, forwardOnly: false);
            foreach (var m in c.Mentions)
                if (after == Mentions[m].Candidate.FirstToken >= cue.EndToken) targets.Add(m);
            if (after) SpreadOverList(k, targets);
        }
        else
        {
            for (var j = k - 1; j >= 0 && Clauses[j].Sentence == c.Sentence; j--)
                if (Clauses[j].Mentions.Count > 0 && Clauses[j].Depth <= c.Depth) { targets.AddRange(Clauses[j].Mentions); break; }
            if (targets.Count == 0)
                for (var j = k + 1; j < Clauses.Count && Clauses[j].Sentence == c.Sentence && !Clauses[j].Conjunction; j++)
                    if (Clauses[j].Mentions.Count > 0)
                    {
                        targets.AddRange(Clauses[j].Mentions);
                        SpreadOverList(j, targets);
                        break;
                    }
        }
        foreach (var i in targets)
        {
            if (!Mentions[i].ContextOk) continue;
            set(Mentions[i]);
            Mentions[i].Positive = true;
        }
    }

    /// <summary>
    /// A number that leads a list reaches its bare items as a leading cue does: "Последние 3 года: Java 17, спринг
    /// (Spring Boot, Spring Data JPA), постгрес" gives the three years to every item up to the first one that says more.
    /// </summary>
    private void SpreadOverList(int k, List<int> targets)
    {
        for (var j = k + 1; j < Clauses.Count; j++)
        {
            var next = Clauses[j];
            if (next.Sentence != Clauses[k].Sentence || next.Conjunction || !next.Bare) break;
            targets.AddRange(next.Mentions);
        }
    }

    private double? NumberBefore(int unit, int clauseStart, Dictionary<int, CueHit> numberWord)
    {
        for (var t = unit - 1; t >= Math.Max(clauseStart, unit - 2); t--)
        {
            if (numberWord.TryGetValue(t, out var w)) return w.Value;
            if (!Tokens[t].Is(TokenFlags.Number)) continue;
            // "1.5 года": the integer part is one token back.
            var start = t;
            if (t > clauseStart && Tokens[t].Before == Gap.Joined && Tokens[t - 1].Is(TokenFlags.Number)) start = t - 1;
            var (value, _, _) = ReadNumber(start, unit);
            return value;
        }
        return null;
    }

    private double? NumberAfter(int at, int clauseEnd, Dictionary<int, CueHit> numberWord)
    {
        if (at >= clauseEnd) return null;
        foreach (var (end, w) in numberWord) if (w.FirstToken == at) return w.Value;
        return Tokens[at].Is(TokenFlags.Number) ? ReadNumber(at, clauseEnd).Value : null;
    }

    /// <summary>The number starting at token <paramref name="t"/> ("1.5" spans two tokens), its letter suffix ("3к" → "к"), and the token after it.</summary>
    private (double Value, string Suffix, int End) ReadNumber(int t, int limit)
    {
        var key = Tokens[t].Key;
        var digits = 0;
        while (digits < key.Length && char.IsDigit(key[digits])) digits++;
        var value = digits > 0 && digits <= 9 ? double.Parse(key.AsSpan(0, digits), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var suffix = key[digits..].TrimEnd('+');
        var end = t + 1;
        if (suffix.Length == 0 && end < limit && Tokens[end].Before == Gap.Joined && Tokens[end].Is(TokenFlags.Number)
            && Section.Source[Tokens[t].End] is '.' or ',')
        {
            var fraction = Tokens[end].Key;
            var fd = 0;
            while (fd < fraction.Length && char.IsDigit(fraction[fd])) fd++;
            if (fd is > 0 and <= 6)
                value += double.Parse(fraction.AsSpan(0, fd), System.Globalization.CultureInfo.InvariantCulture) / Math.Pow(10, fd);
            suffix = fraction[fd..];
            end++;
        }
        return (value, suffix, end);
    }

    private static bool IsSizeSuffix(string suffix) => suffix is "k" or "к" or "m" or "м" or "b" or "bn" or "mln" or "млн" or "млрд" or "тыс"
        or "gb" or "tb" or "pb" or "гб" or "тб" or "пб" or "rps" or "qps";
}
