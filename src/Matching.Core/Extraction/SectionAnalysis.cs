using Matching.Core.Extraction.Text;
using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

/// <summary>Where a skill was used, strongest last; it sets the base of the level.</summary>
internal enum Where : byte { None, Course, General, Familiar, List, Project, Internship, Research, Commercial }

/// <summary>Everything learnt about one mention of a skill from the words around it.</summary>
internal sealed class MentionState(SkillMatcher.Candidate candidate)
{
    public SkillMatcher.Candidate Candidate { get; } = candidate;
    public int Sentence;
    public int Clause;
    public bool ContextOk = true;
    public bool Negated;
    public CueHit NegatedBy;
    /// <summary>A cue of the candidate's own use reached it; a negation reaching back from a later clause then qualifies instead of cancelling.</summary>
    public bool Positive;
    public double Cap = 1;
    public CueHit? CapCue;
    public Where Where;
    public CueHit? WhereCue;
    public double Strong;
    public List<CueHit>? StrongCues;
    public double Years;
    public bool Size;
    public (double Value, double Scale)? Rating;
    public bool Usage;
    public bool Exclusive;
    public double Level;

    public bool Counts => ContextOk && !Negated;
    public bool Hedged => Cap < 1;
}

internal sealed class Clause
{
    public int First;
    public int End;
    public int Sentence;
    public int Paragraph;
    /// <summary>Starts with a conjunction ("но", "but"): nothing spreads across it.</summary>
    public bool Conjunction;
    /// <summary>Only skills, list words and numbers: "ClickHouse", "и MongoDB", "SQLAlchemy 2.0".</summary>
    public bool Bare;
    public bool HasPronoun;
    public readonly List<int> Mentions = [];
    public readonly List<CueHit> Cues = [];
}

/// <summary>
/// One section read word by word: aliases, cue phrases, sentences and clauses; then which mentions stand (context
/// rules), which are negated or hedged (clause-scoped, spreading only to bare list items), and each mention's level.
/// </summary>
internal sealed class SectionAnalysis
{
    public required Section Section { get; init; }
    public required List<Token> Tokens { get; init; }
    public required List<CueHit> CueHits { get; init; }
    public required List<Clause> Clauses { get; init; }
    public required List<MentionState> Mentions { get; init; }
    public bool SectionSize { get; private set; }

    private int[] _mentionAt = [];
    private bool[] _listJoinAt = [];

    public static SectionAnalysis Run(Section section, SkillMatcher matcher)
    {
        var text = section.Source;
        var tokens = new List<Token>(64);
        if (section.Heading is { } h) Tokenizer.Tokenize(text, h.Start, h.End, tokens);
        foreach (var (start, end) in section.Ranges) Tokenizer.Tokenize(text, start, end, tokens);

        var cues = new List<CueHit>();
        Cues.Find(tokens, 0, tokens.Count, cues);
        var candidates = new List<SkillMatcher.Candidate>();
        matcher.Match(text, tokens, 0, tokens.Count, candidates);

        var a = new SectionAnalysis
        {
            Section = section, Tokens = tokens, CueHits = cues, Clauses = [],
            Mentions = new List<MentionState>(candidates.Count),
        };
        a.ResolveOverlaps(candidates);
        a.Segment();
        a.CheckContext(matcher.Taxonomy);
        a.ApplyCues();
        a.ApplyNumbers();
        a.Score();
        return a;
    }

    /// <summary>
    /// A cue phrase that contains a whole alias and more ("Deep Learning School" around "deep learning") is the
    /// cue; otherwise the alias wins and the cue words inside it are ignored ("Visual Basic" is not "basic").
    /// </summary>
    private void ResolveOverlaps(List<SkillMatcher.Candidate> candidates)
    {
        var n = Tokens.Count;
        _mentionAt = new int[n];
        Array.Fill(_mentionAt, -1);
        var dropped = new bool[candidates.Count];
        for (var c = 0; c < candidates.Count; c++)
            for (var t = candidates[c].FirstToken; t < candidates[c].EndToken; t++) _mentionAt[t] = c;

        var kept = new List<CueHit>(CueHits.Count);
        foreach (var cue in CueHits)
        {
            var overlapped = -1;
            for (var t = cue.FirstToken; t < cue.EndToken && overlapped < 0; t++) overlapped = _mentionAt[t];
            if (overlapped < 0) { kept.Add(cue); continue; }
            var m = candidates[overlapped];
            var cueCovers = cue.FirstToken <= m.FirstToken && cue.EndToken >= m.EndToken && cue.EndToken - cue.FirstToken > m.EndToken - m.FirstToken;
            if (cueCovers && cue.Kind is not (CueKind.ListJoin or CueKind.TechContext or CueKind.Pronoun))
            {
                dropped[overlapped] = true;
                kept.Add(cue);
            }
        }
        CueHits.Clear();
        CueHits.AddRange(kept);

        Array.Fill(_mentionAt, -1);
        for (var c = 0; c < candidates.Count; c++)
        {
            if (dropped[c]) continue;
            var index = Mentions.Count;
            Mentions.Add(new MentionState(candidates[c]));
            for (var t = candidates[c].FirstToken; t < candidates[c].EndToken; t++) _mentionAt[t] = index;
        }
        _listJoinAt = new bool[n];
        foreach (var cue in CueHits)
            if (cue.Kind == CueKind.ListJoin)
                for (var t = cue.FirstToken; t < cue.EndToken; t++) _listJoinAt[t] = true;
    }

    private void Segment()
    {
        var n = Tokens.Count;
        var boundaryAt = new bool[n];
        var pronounAt = new bool[n];
        foreach (var cue in CueHits)
        {
            if (cue.Kind == CueKind.Boundary) boundaryAt[cue.FirstToken] = true;
            if (cue.Kind == CueKind.Pronoun) pronounAt[cue.FirstToken] = true;
        }

        int sentence = -1, paragraph = -1;
        Clause? current = null;
        for (var t = 0; t < n; t++)
        {
            var gap = Tokens[t].Before;
            var newSentence = t == 0 || gap >= Gap.Sentence;
            if (gap == Gap.Paragraph || t == 0) paragraph++;
            if (newSentence) sentence++;
            if (newSentence || gap >= Gap.Clause || boundaryAt[t] && current!.First != t)
            {
                if (current is not null) { current.End = t; Clauses.Add(current); }
                current = new Clause { First = t, Sentence = sentence, Paragraph = paragraph, Conjunction = boundaryAt[t] };
            }
            if (pronounAt[t]) current!.HasPronoun = true;
        }
        if (current is not null) { current.End = n; Clauses.Add(current); }

        var cueIndex = 0;
        var sortedCues = CueHits.OrderBy(c => c.FirstToken).ToList();
        for (var k = 0; k < Clauses.Count; k++)
        {
            var c = Clauses[k];
            var bare = true;
            for (var t = c.First; t < c.End; t++)
            {
                var m = _mentionAt[t];
                if (m >= 0)
                {
                    if (c.Mentions.Count == 0 || c.Mentions[^1] != m) c.Mentions.Add(m);
                    Mentions[m].Sentence = c.Sentence;
                    Mentions[m].Clause = k;
                    continue;
                }
                if (_listJoinAt[t] || IsVersionLike(Tokens[t])) continue;
                bare = false;
            }
            c.Bare = bare && c.Mentions.Count > 0;
            while (cueIndex < sortedCues.Count && sortedCues[cueIndex].FirstToken < c.End)
            {
                if (sortedCues[cueIndex].FirstToken >= c.First) c.Cues.Add(sortedCues[cueIndex]);
                cueIndex++;
            }
        }
    }

    private static bool IsVersionLike(in Token t) =>
        t.Is(TokenFlags.Number) || t.Is(TokenFlags.HasDigit) && t.Key.Length <= 4 || t.Key is "x" or "v";

    /// <summary>
    /// An alias marked "needs context" counts only when its sentence names another skill or a technical word, the
    /// question asks about technology, its paragraph names a skill of the same kind, or it sits in a list next to
    /// one that counts.
    /// </summary>
    private void CheckContext(SkillTaxonomy taxonomy)
    {
        var pending = new List<int>();
        for (var i = 0; i < Mentions.Count; i++)
            if (Mentions[i].Candidate.Entry.NeedsContext) { Mentions[i].ContextOk = false; pending.Add(i); }
        if (pending.Count == 0) return;

        var techSentence = new HashSet<int>();
        foreach (var cue in CueHits)
            if (cue.Kind == CueKind.TechContext) techSentence.Add(Clauses[ClauseOf(cue.FirstToken)].Sentence);

        foreach (var i in pending)
        {
            var m = Mentions[i];
            if ((Section.Traits & SectionTraits.Technical) != 0 || techSentence.Contains(m.Sentence)) { m.ContextOk = true; continue; }
            var paragraph = Clauses[m.Clause].Paragraph;
            var skill = taxonomy[m.Candidate.Ordinal];
            foreach (var other in Mentions)
            {
                if (other.Candidate.Entry.NeedsContext || other.Candidate.Ordinal == m.Candidate.Ordinal) continue;
                if (other.Sentence == m.Sentence
                    || Clauses[other.Clause].Paragraph == paragraph && SameKind(taxonomy, skill, taxonomy[other.Candidate.Ordinal]))
                {
                    m.ContextOk = true;
                    break;
                }
            }
        }
        // List neighbours: "Go, Rust" after a context-giving item.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var i in pending)
            {
                if (Mentions[i].ContextOk) continue;
                foreach (var j in new[] { i - 1, i + 1 })
                {
                    if (j < 0 || j >= Mentions.Count || !Mentions[j].ContextOk || Mentions[j].Sentence != Mentions[i].Sentence) continue;
                    if (!OnlyListBetween(Mentions[Math.Min(i, j)].Candidate.EndToken, Mentions[Math.Max(i, j)].Candidate.FirstToken)) continue;
                    Mentions[i].ContextOk = true;
                    changed = true;
                    break;
                }
            }
        }
    }

    private static bool SameKind(SkillTaxonomy taxonomy, SkillDefinition a, SkillDefinition b)
    {
        if (string.Equals(a.Category, b.Category, StringComparison.Ordinal)) return true;
        foreach (var p in a.Parents)
            foreach (var q in b.Parents)
                if (string.Equals(p, q, StringComparison.Ordinal)) return true;
        return false;
    }

    private bool OnlyListBetween(int from, int to)
    {
        for (var t = from; t < to; t++) if (!_listJoinAt[t] && !IsVersionLike(Tokens[t])) return false;
        return true;
    }

    private int ClauseOf(int token)
    {
        int lo = 0, hi = Clauses.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Clauses[mid].First <= token) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    private static bool IsNegative(CueKind k) => k is CueKind.Negation or CueKind.NoExperience or CueKind.Intent;

    private static int FamilyOf(CueKind k) => k switch
    {
        CueKind.Negation or CueKind.NoExperience or CueKind.Intent => 1,
        CueKind.Hedge or CueKind.Course or CueKind.Past => 2,
        CueKind.Commercial or CueKind.Project or CueKind.Research => 3,
        CueKind.Strong => 4,
        CueKind.Usage => 5,
        _ => 0,
    };

    private void ApplyCues()
    {
        for (var k = 0; k < Clauses.Count; k++)
        {
            var clause = Clauses[k];
            // Positive cues first, so that a negation later in the same clause still wins over them.
            foreach (var cue in clause.Cues)
                if (FamilyOf(cue.Kind) > 1 || cue.Kind == CueKind.Only) Apply(k, cue);
            foreach (var cue in clause.Cues)
                if (IsNegative(cue.Kind)) Apply(k, cue);
        }
    }

    /// <summary>
    /// A cue reaches the skills of its own clause; from there a leading cue spreads forward and a trailing one back
    /// over bare list items ("не работал с MongoDB, ClickHouse"). A cue in a clause without skills refers back to the
    /// nearest clause with skills ("Kafka — нет", "SSAS (немного)"); at the head of a sentence it refers forward.
    /// </summary>
    private void Apply(int k, CueHit cue)
    {
        var clause = Clauses[k];
        var negative = IsNegative(cue.Kind);
        var forwardOnly = negative && cue.Value >= 1;
        if (clause.Mentions.Count > 0)
        {
            var firstToken = Mentions[clause.Mentions[0]].Candidate.FirstToken;
            var lastToken = Mentions[clause.Mentions[^1]].Candidate.EndToken;
            foreach (var m in clause.Mentions)
                if (!forwardOnly || Mentions[m].Candidate.FirstToken >= cue.EndToken) Reach(m, cue, k, backwards: false);
            if (cue.Kind == CueKind.Only) return;
            if (cue.EndToken <= firstToken)
            {
                for (var j = k + 1; j < Clauses.Count; j++)
                {
                    var next = Clauses[j];
                    if (next.Sentence != clause.Sentence || next.Conjunction || !next.Bare) break;
                    foreach (var m in next.Mentions) Reach(m, cue, k, backwards: false);
                }
            }
            if (cue.FirstToken >= lastToken && !forwardOnly)
            {
                for (var j = k - 1; j >= 0; j--)
                {
                    var previous = Clauses[j];
                    if (previous.Sentence != clause.Sentence || Clauses[j + 1].Conjunction || !previous.Bare) break;
                    foreach (var m in previous.Mentions) Reach(m, cue, k, backwards: true);
                }
            }
            return;
        }
        if (cue.Kind == CueKind.Only) return;

        for (var j = k - 1; j >= 0 && Clauses[j].Sentence == clause.Sentence; j--)
        {
            if (Clauses[j].Mentions.Count == 0) continue;
            if (forwardOnly) return;
            foreach (var m in Clauses[j].Mentions) Reach(m, cue, k, backwards: true);
            return;
        }
        if (clause.HasPronoun) return;

        var family = FamilyOf(cue.Kind);
        for (var j = k + 1; j < Clauses.Count; j++)
        {
            var next = Clauses[j];
            if (next.Sentence != clause.Sentence || next.Conjunction) break;
            if (next.Mentions.Count == 0) continue;
            if (negative && !next.Bare) break;
            if (!negative && HasFamily(next, family)) break;
            foreach (var m in next.Mentions) Reach(m, cue, k, backwards: false);
        }
    }

    private static bool HasFamily(Clause c, int family)
    {
        foreach (var cue in c.Cues) if (FamilyOf(cue.Kind) == family) return true;
        return false;
    }

    private void Reach(int index, CueHit cue, int fromClause, bool backwards)
    {
        var m = Mentions[index];
        if (!m.ContextOk) return;
        switch (cue.Kind)
        {
            case CueKind.Negation or CueKind.NoExperience or CueKind.Intent:
                // "Vue — писала на нём тестовое, в работе не использовала": the later negation only qualifies.
                if (backwards && m.Clause != fromClause && m.Positive) return;
                if (!m.Negated) { m.Negated = true; m.NegatedBy = cue; }
                return;
            case CueKind.Hedge or CueKind.Course or CueKind.Past:
                if (cue.Value < m.Cap) { m.Cap = cue.Value; m.CapCue = cue; }
                if (cue.Kind == CueKind.Course) SetWhere(m, Where.Course, cue);
                break;
            case CueKind.Commercial:
                SetWhere(m, Where.Commercial, cue);
                break;
            case CueKind.Project:
                SetWhere(m, Where.Project, cue);
                break;
            case CueKind.Research:
                SetWhere(m, Where.Research, cue);
                break;
            case CueKind.Strong:
                m.Strong += cue.Value;
                (m.StrongCues ??= []).Add(cue);
                break;
            case CueKind.Usage:
                m.Usage = true;
                break;
            case CueKind.Only:
                if (IsExclusive(fromClause, cue))
                {
                    m.Exclusive = true;
                    m.Strong += 0.2;
                    (m.StrongCues ??= []).Add(cue);
                }
                break;
            default:
                return;
        }
        m.Positive = true;
    }

    private static void SetWhere(MentionState m, Where where, CueHit cue)
    {
        if (m.WhereCue is not null && m.Where >= where) return;
        m.Where = where;
        m.WhereCue = cue;
    }

    /// <summary>"Только Python", "PyTorch only.": the clause is the cue and one skill, nothing else.</summary>
    private bool IsExclusive(int k, CueHit cue)
    {
        var c = Clauses[k];
        if (c.Mentions.Count != 1) return false;
        var m = Mentions[c.Mentions[0]].Candidate;
        if (cue.EndToken != m.FirstToken && cue.FirstToken != m.EndToken) return false;
        for (var t = c.First; t < c.End; t++)
        {
            if (t >= m.FirstToken && t < m.EndToken || t >= cue.FirstToken && t < cue.EndToken) continue;
            if (!IsVersionLike(Tokens[t])) return false;
        }
        return true;
    }

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
                if (IsSizeSuffix(suffix) || end < c.End && sizeAt.Contains(end))
                {
                    SectionSize = true;
                    ApplyNumber(k, new CueHit(new Cue(CueKind.Size, 0, "size"), t, end + 1), m => m.Size = true);
                }
            }
        }
    }

    private void ApplyNumber(int k, CueHit cue, Action<MentionState> set)
    {
        var targets = new List<int>();
        var c = Clauses[k];
        if (c.Mentions.Count > 0) targets.AddRange(c.Mentions);
        else
        {
            for (var j = k - 1; j >= 0 && Clauses[j].Sentence == c.Sentence; j--)
                if (Clauses[j].Mentions.Count > 0) { targets.AddRange(Clauses[j].Mentions); break; }
            if (targets.Count == 0)
                for (var j = k + 1; j < Clauses.Count && Clauses[j].Sentence == c.Sentence && !Clauses[j].Conjunction; j++)
                    if (Clauses[j].Mentions.Count > 0) { targets.AddRange(Clauses[j].Mentions); break; }
        }
        foreach (var i in targets)
        {
            if (!Mentions[i].ContextOk) continue;
            set(Mentions[i]);
            Mentions[i].Positive = true;
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

    private Where DefaultWhere()
    {
        switch (Section.ExperienceKind)
        {
            case ExperienceKind.Commercial: return Where.Commercial;
            case ExperienceKind.Internship: return Where.Internship;
            case ExperienceKind.Academic: return Where.Research;
        }
        var traits = Section.Traits;
        if ((traits & SectionTraits.Work) != 0) return Where.Commercial;
        if ((traits & SectionTraits.Research) != 0) return Where.Research;
        if ((traits & SectionTraits.Project) != 0) return Where.Project;
        if ((traits & SectionTraits.List) != 0) return Where.List;
        if ((traits & SectionTraits.Familiar) != 0) return Where.Familiar;
        if ((traits & SectionTraits.Course) != 0) return Where.Course;
        return Where.General;
    }

    public static double BaseOf(Where where) => where switch
    {
        Where.Commercial => 0.6,
        Where.Research => 0.55,
        Where.Internship or Where.Project or Where.List => 0.5,
        Where.Course => 0.3,
        _ => 0.45,
    };

    private void Score()
    {
        var fallback = DefaultWhere();
        foreach (var m in Mentions)
        {
            if (!m.Counts) continue;
            if (m.WhereCue is null) m.Where = fallback;
            double level;
            if (m.Rating is { } r)
                level = r.Scale == 5 ? 0.25 + 0.75 * Math.Max(0, r.Value - 1) / 4 : Math.Max(0.1, r.Value / r.Scale);
            else
            {
                level = BaseOf(m.Where) + Math.Min(0.3, m.Strong);
                level += Math.Min(0.2, 0.04 * m.Years);
                if (m.Size) level += 0.05;
                else if (SectionSize && !m.Hedged) level += 0.03;
                if (m.Usage) level += 0.03;
            }
            if (m.Where == Where.Course) m.Cap = Math.Min(m.Cap, 0.35);
            m.Level = Math.Clamp(Math.Min(level, m.Cap), 0.1, 1.0);
        }
    }

    /// <summary>The text of a cue as written, for reasons.</summary>
    public string Quote(CueHit cue) => Section.Source[Tokens[cue.FirstToken].Start..Tokens[cue.EndToken - 1].End];

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
