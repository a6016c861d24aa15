using System.Globalization;
using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>
/// Part of stage 6: numbers near skills — years of use ("3+ года", "лет 5", "two years"), data sizes ("1.5 миллионов",
/// "100гб", "4 TB"), shares ("процентов на 20", "90% of my work") and self-ratings ("4/5") — scoped to mentions as cues are.
/// </summary>
internal static class NumberCues
{
    /// <summary>Applies the numbers of every clause to the builders; returns whether the section states a data size.</summary>
    public static bool Apply(Segmented s, ScopeCues.Builder[] m, Lexicon lexicon)
    {
        var years = new Dictionary<int, CueHit>();
        var sizeAt = new HashSet<int>();
        var numberWord = new Dictionary<int, CueHit>();
        foreach (var cue in s.Resolved.Cues)
        {
            if (cue.Kind == CueKind.Years) years[cue.FirstToken] = cue;
            else if (cue.Kind == CueKind.Size) sizeAt.Add(cue.FirstToken);
            else if (cue.Kind == CueKind.NumberWord) numberWord[cue.EndToken - 1] = cue;
        }

        var sectionSize = false;
        var tokens = s.Tokens;
        for (var k = 0; k < s.Clauses.Count; k++)
        {
            var c = s.Clauses[k];
            if (c.HasNegative || c.HasOthers) continue;
            for (var t = c.First; t < c.End; t++)
            {
                if (years.TryGetValue(t, out var unit))
                {
                    var count = NumberBefore(s, t, c.First, numberWord) ?? NumberAfter(s, unit.EndToken, c.End, numberWord);
                    // A unit without a number is a duration only when it says one itself ("полгода", "half a year");
                    // "this month", "в прошлом году" are dates, not time spent with a skill.
                    var value = count is { } n ? n * unit.Value : unit.Value is >= 0.5 and < 1 ? unit.Value : (double?)null;
                    // "ушли от него два года назад", "three years ago": when, not for how long.
                    if (unit.EndToken < c.End && tokens[unit.EndToken].Key is "назад" or "ago") value = null;
                    if (value is > 0 and <= 40)
                        Set(s, m, k, unit, b => b.Scope = b.Scope with { Years = Math.Max(b.Scope.Years, value.Value) });
                    continue;
                }
                if (!tokens[t].Is(TokenFlags.Number)) continue;
                var (number, suffix, end) = ReadNumber(s, t, c.End);
                if (end < c.End && tokens[end].Before == Gap.Joined && (tokens[end].Marks & GapMarks.Slash) != 0
                    && tokens[end].Is(TokenFlags.Number) && ReadNumber(s, end, c.End) is (var scale and (5 or 10), "", _) && number <= scale)
                {
                    var rating = (number, scale);
                    Set(s, m, k, new CueHit(new Cue(CueKind.Strong, 0, "rating"), t, end + 1), b => b.Scope = b.Scope with { Rating = rating });
                    continue;
                }
                if (IsPercent(s, t, end, c))
                {
                    // "coverage from 40% to 85%", "cut latency by 40%", "ускорили на 30%": a metric that moved, not a share of work.
                    if (IsChange(s, t, c, lexicon)) continue;
                    // "используем его процентов на 20": partly; "SQL does 90% of my work": mostly.
                    var cue = new CueHit(new Cue(number < 50 ? CueKind.Hedge : CueKind.Strong,
                        number < 50 ? LevelModel.SmallShareCap : LevelModel.LargeShareBoost, "%"), t, end);
                    if (number < 50)
                        Set(s, m, k, cue, b => { if (cue.Value < b.Scope.Cap) b.Scope = b.Scope with { Cap = cue.Value, CapCue = cue }; });
                    else if (number >= 80)
                        Set(s, m, k, cue, b => { b.Scope = b.Scope with { Strong = b.Scope.Strong + cue.Value }; (b.StrongCues ??= []).Add(cue); });
                    continue;
                }
                if (lexicon.Is(WordKind.SizeSuffix, suffix) || end < c.End && sizeAt.Contains(end))
                {
                    sectionSize = true;
                    Set(s, m, k, new CueHit(new Cue(CueKind.Size, 0, "size"), t, end + 1), b => b.Scope = b.Scope with { Size = true });
                }
            }
        }
        return sectionSize;
    }

    /// <summary>A percentage that says how a metric moved: after "from/to/by", "с/до/на", or one of two percentages in a clause.</summary>
    private static bool IsChange(Segmented s, int t, Clause c, Lexicon lexicon)
    {
        var tokens = s.Tokens;
        if (t > c.First && lexicon.Is(WordKind.PercentChange, tokens[t - 1].Key) && !(t - 2 >= c.First && tokens[t - 2].Key is "процентов" or "процента")) return true;
        var percents = 0;
        var text = s.Section.Source;
        for (var i = c.First; i < c.End; i++)
            if (tokens[i].Is(TokenFlags.Number) && tokens[i].End < text.Length && text.AsSpan(tokens[i].End).TrimStart(' ').StartsWith("%")) percents++;
        return percents >= 2;
    }

    private static bool IsPercent(Segmented s, int t, int end, Clause c)
    {
        var text = s.Section.Source;
        var tokens = s.Tokens;
        if (tokens[t].End < text.Length && text.AsSpan(tokens[end - 1].End).TrimStart(' ').StartsWith("%")) return true;
        if (end < c.End && tokens[end].Key is "процентов" or "процента" or "процент" or "percent") return true;
        return t - 2 >= c.First && tokens[t - 2].Key is "процентов" or "процента" && tokens[t - 1].Key is "на" or "в";
    }

    /// <summary>Gives a number to the mentions it is about: those of its clause on the side it governs, else the nearest clause with skills.</summary>
    private static void Set(Segmented s, ScopeCues.Builder[] m, int k, CueHit cue, Action<ScopeCues.Builder> set)
    {
        var targets = new List<int>();
        var c = s.Clauses[k];
        if (c.Mentions.Count > 0)
        {
            var after = ScopeCues.GovernsForward(s, c, cue, forwardOnly: false);
            foreach (var i in c.Mentions)
                if (after == s.Mentions[i].FirstToken >= cue.EndToken) targets.Add(i);
            if (after) SpreadOverList(s, k, targets);
        }
        else
        {
            for (var j = k - 1; j >= 0 && s.Clauses[j].Sentence == c.Sentence; j--)
                if (s.Clauses[j].Mentions.Count > 0 && s.Clauses[j].Depth <= c.Depth) { targets.AddRange(s.Clauses[j].Mentions); break; }
            if (targets.Count == 0)
                for (var j = k + 1; j < s.Clauses.Count && s.Clauses[j].Sentence == c.Sentence && !s.Clauses[j].Conjunction; j++)
                    if (s.Clauses[j].Mentions.Count > 0)
                    {
                        targets.AddRange(s.Clauses[j].Mentions);
                        SpreadOverList(s, j, targets);
                        break;
                    }
        }
        foreach (var i in targets)
        {
            if (!m[i].Scope.ContextOk) continue;
            set(m[i]);
            m[i].Scope = m[i].Scope with { Positive = true };
        }
    }

    /// <summary>
    /// A number that leads a list reaches its bare items as a leading cue does: "Последние 3 года: Java 17, спринг
    /// (Spring Boot, Spring Data JPA), постгрес" gives the three years to every item up to the first one that says more.
    /// </summary>
    private static void SpreadOverList(Segmented s, int k, List<int> targets)
    {
        for (var j = k + 1; j < s.Clauses.Count; j++)
        {
            var next = s.Clauses[j];
            if (next.Sentence != s.Clauses[k].Sentence || next.Conjunction || !next.Bare) break;
            targets.AddRange(next.Mentions);
        }
    }

    internal static double? NumberBefore(Segmented s, int unit, int clauseStart, Dictionary<int, CueHit> numberWord)
    {
        for (var t = unit - 1; t >= Math.Max(clauseStart, unit - 2); t--)
        {
            if (numberWord.TryGetValue(t, out var w)) return w.Value;
            if (!s.Tokens[t].Is(TokenFlags.Number)) continue;
            // "1.5 года": the integer part is one token back.
            var start = t;
            if (t > clauseStart && s.Tokens[t].Before == Gap.Joined && s.Tokens[t - 1].Is(TokenFlags.Number)) start = t - 1;
            var (value, _, _) = ReadNumber(s, start, unit);
            return value;
        }
        return null;
    }

    internal static double? NumberAfter(Segmented s, int at, int clauseEnd, Dictionary<int, CueHit> numberWord)
    {
        if (at >= clauseEnd) return null;
        foreach (var (_, w) in numberWord) if (w.FirstToken == at) return w.Value;
        return s.Tokens[at].Is(TokenFlags.Number) ? ReadNumber(s, at, clauseEnd).Value : null;
    }

    /// <summary>The number starting at token <paramref name="t"/> ("1.5" spans two tokens), its letter suffix ("3к" → "к"), and the token after it.</summary>
    internal static (double Value, string Suffix, int End) ReadNumber(Segmented s, int t, int limit)
    {
        var tokens = s.Tokens;
        var key = tokens[t].Key;
        var digits = 0;
        while (digits < key.Length && char.IsDigit(key[digits])) digits++;
        var value = digits > 0 && digits <= 9 ? double.Parse(key.AsSpan(0, digits), CultureInfo.InvariantCulture) : 0;
        var suffix = key[digits..].TrimEnd('+');
        var end = t + 1;
        if (suffix.Length == 0 && end < limit && tokens[end].Before == Gap.Joined && tokens[end].Is(TokenFlags.Number)
            && s.Section.Source[tokens[t].End] is '.' or ',')
        {
            var fraction = tokens[end].Key;
            var fd = 0;
            while (fd < fraction.Length && char.IsDigit(fraction[fd])) fd++;
            if (fd is > 0 and <= 6)
                value += double.Parse(fraction.AsSpan(0, fd), CultureInfo.InvariantCulture) / Math.Pow(10, fd);
            suffix = fraction[fd..];
            end++;
        }
        return (value, suffix, end);
    }
}
