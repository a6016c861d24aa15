using Matching.Core.Extraction.Text;
using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

/// <summary>
/// One section read word by word: aliases, cue phrases, sentences and clauses; then which mentions stand (context
/// rules), which are negated or hedged (clause-scoped, spreading only to bare list items), and each mention's level.
/// </summary>
internal sealed partial class SectionAnalysis
{
    public required Section Section { get; init; }
    public required List<Token> Tokens { get; init; }
    public required List<CueHit> CueHits { get; init; }
    public required List<Clause> Clauses { get; init; }
    public required List<MentionState> Mentions { get; init; }
    public bool SectionSize { get; private set; }
    public bool Vacancy { get; init; }

    private int[] _mentionAt = [];
    private bool[] _listJoinAt = [];

    /// <param name="vacancy">A job description: wording about what is needed describes the job, not a wish.</param>
    public static SectionAnalysis Run(Section section, SkillMatcher matcher, bool vacancy = false)
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
            Section = section, Tokens = tokens, CueHits = cues, Clauses = [], Vacancy = vacancy,
            Mentions = new List<MentionState>(candidates.Count),
        };
        a.ResolveOverlaps(candidates);
        a.Segment();
        a.CheckContext(matcher);
        if (!vacancy && (section.Traits & SectionTraits.Aspiration) != 0)
            foreach (var m in a.Mentions) m.Wished = true;
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
        for (var c = 0; c < candidates.Count; c++)
            for (var t = candidates[c].FirstToken; t < candidates[c].EndToken; t++) _mentionAt[t] = c;

        var kept = new List<CueHit>(CueHits.Count);
        foreach (var cue in CueHits)
        {
            var overlapped = -1;
            for (var t = cue.FirstToken; t < cue.EndToken && overlapped < 0; t++) overlapped = _mentionAt[t];
            if (overlapped < 0) { kept.Add(cue); continue; }
            var m = candidates[overlapped];
            // "Deep Learning School" is both the skill and a course.
            var cueCovers = cue.FirstToken <= m.FirstToken && cue.EndToken >= m.EndToken && cue.EndToken - cue.FirstToken > m.EndToken - m.FirstToken;
            if (cueCovers && cue.Kind is not (CueKind.ListJoin or CueKind.TechContext or CueKind.Pronoun)) kept.Add(cue);
        }
        CueHits.Clear();
        CueHits.AddRange(kept);

        Array.Fill(_mentionAt, -1);
        for (var c = 0; c < candidates.Count; c++)
        {
            var index = Mentions.Count;
            Mentions.Add(new MentionState(candidates[c]));
            for (var t = candidates[c].FirstToken; t < candidates[c].EndToken; t++) _mentionAt[t] = index;
        }
        foreach (var m in Mentions)
        {
            var after = m.Candidate.EndToken;
            if (after < n && Tokens[after].Before <= Gap.Space && IsRoleNoun(Tokens[after])) m.Role = true;
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

        int sentence = -1, paragraph = -1, depth = 0;
        Clause? current = null;
        for (var t = 0; t < n; t++)
        {
            var gap = Tokens[t].Before;
            var newSentence = t == 0 || gap >= Gap.Sentence;
            if (gap == Gap.Paragraph || t == 0) paragraph++;
            if (newSentence) sentence++;
            if (gap >= Gap.Line) depth = 0;
            if ((Tokens[t].Marks & GapMarks.CloseBracket) != 0) depth = Math.Max(0, depth - 1);
            if ((Tokens[t].Marks & GapMarks.OpenBracket) != 0) depth++;
            if (newSentence || gap >= Gap.Clause || boundaryAt[t] && current!.First != t)
            {
                if (current is not null) { current.End = t; Clauses.Add(current); }
                current = new Clause { First = t, Sentence = sentence, Paragraph = paragraph, Conjunction = boundaryAt[t], Depth = depth };
            }
            if (pronounAt[t]) current!.HasPronoun = true;
        }
        if (current is not null) { current.End = n; Clauses.Add(current); }

        var cueIndex = 0;
        var sortedCues = CueHits; // found left to right
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
                var cue = sortedCues[cueIndex++];
                if (cue.FirstToken < c.First) continue;
                c.Cues.Add(cue);
                c.HasNegative |= cue.Kind == CueKind.Negation;
                c.HasOthers |= cue.Kind == CueKind.Others;
            }
            // Any "не"/"not" makes the clause negative for its other cues ("на работе не пригодилось").
            for (var t = c.First; t < c.End && !c.HasNegative; t++)
                c.HasNegative = (Tokens[t].Key is "не" or "not" or "never" || Tokens[t].Key == "t" && t > c.First && Tokens[t - 1].Key.EndsWith('n'))
                    && !InOtherCue(c, t);
            c.BarePredicate = IsBarePredicate(c);
            foreach (var m in c.Mentions) c.AllRoles &= Mentions[m].Role;

        }
    }

    private static readonly string[] RoleNouns =
    [
        "инженер", "разработчик", "аналитик", "сайентист", "специалист", "программист", "архитектор", "тестировщик",
        "админ", "лид", "тимлид", "менеджер", "engineer", "developer", "analyst", "scientist", "specialist",
        "architect", "admin", "lead", "manager",
    ];

    private static bool IsRoleNoun(in Token t)
    {
        foreach (var noun in RoleNouns)
            if (t.Key.StartsWith(noun, StringComparison.Ordinal) && t.Key.Length <= noun.Length + 4) return true;
        return false;
    }

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "так", "и", "уже", "еще", "вообще", "совсем", "пока", "я", "мы", "у", "меня", "нас", "его", "ее", "их", "ним",
        "ними", "ней", "нем", "с", "со", "там", "тут", "здесь", "это", "этим", "этого", "то", "же", "бы", "ли",
        "it", "i", "we", "they", "them", "its", "this", "that", "ve", "ll", "d", "s", "m", "re", "t", "in", "at", "the",
        "a", "an", "to", "with", "really", "ever", "actually", "yet", "still", "either", "too", "also", "then", "have",
        "has", "had", "do", "does", "did", "be", "been", "am", "is", "are", "was", "were", "any", "much", "but",
    };

    /// <summary>The word belongs to a cue that is not a negation ("не хватает", "не очень", "не только").</summary>
    private static bool InOtherCue(Clause c, int t)
    {
        foreach (var cue in c.Cues)
            if (t >= cue.FirstToken && t < cue.EndToken && cue.Kind != CueKind.Negation) return true;
        return false;
    }

    private bool IsBarePredicate(Clause c)
    {
        for (var t = c.First; t < c.End; t++)
        {
            if (_mentionAt[t] >= 0) return false;
            if (Particles.Contains(Tokens[t].Key) || Tokens[t].Key.Length <= 1) continue;
            var covered = false;
            foreach (var cue in c.Cues)
                if (t >= cue.FirstToken && t < cue.EndToken) { covered = true; break; }
            if (!covered) return false;
        }
        return true;
    }

    private static bool IsVersionLike(in Token t) =>
        t.Is(TokenFlags.Number) || t.Is(TokenFlags.HasDigit) && t.Key.Length <= 4 || t.Key is "x" or "v";

    /// <summary>
    /// An alias marked "needs context" counts only when its sentence names another skill or one of the taxonomy's
    /// context cue words, the question asks about technology, its paragraph names a skill of the same kind, or it
    /// sits in a list right next to another skill ("pandas/polars", "Go, Rust").
    /// </summary>
    private void CheckContext(SkillMatcher matcher)
    {
        var pending = new List<int>();
        for (var i = 0; i < Mentions.Count; i++)
            if (Mentions[i].Candidate.Entry.NeedsContext) { Mentions[i].ContextOk = false; pending.Add(i); }
        if (pending.Count == 0) return;

        var taxonomy = matcher.Taxonomy;
        var techSentence = new HashSet<int>();
        var contextHits = new List<CueHit>();
        Cues.Find(matcher.ContextCues, Tokens, 0, Tokens.Count, contextHits);
        foreach (var cue in contextHits)
            if (_mentionAt[cue.FirstToken] < 0) techSentence.Add(Clauses[ClauseOf(cue.FirstToken)].Sentence);

        foreach (var i in pending)
        {
            var m = Mentions[i];
            if ((Section.Traits & SectionTraits.Technical) != 0 || techSentence.Contains(m.Sentence)) { m.ContextOk = true; continue; }
            var paragraph = Clauses[m.Clause].Paragraph;
            var skill = m.Candidate.Ordinal;
            foreach (var other in Mentions)
            {
                if (other.Candidate.Entry.NeedsContext || other.Candidate.Ordinal == skill) continue;
                if (other.Sentence == m.Sentence
                    || Clauses[other.Clause].Paragraph == paragraph && SameKind(taxonomy, skill, other.Candidate.Ordinal))
                {
                    m.ContextOk = true;
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
                if (Mentions[i].ContextOk) continue;
                for (var j = i - 1; j <= i + 1; j += 2)
                {
                    if (j < 0 || j >= Mentions.Count || Mentions[j].Sentence != Mentions[i].Sentence) continue;
                    if (Mentions[j].Candidate.Ordinal == Mentions[i].Candidate.Ordinal) continue;
                    var lo = Mentions[Math.Min(i, j)].Candidate;
                    var hi = Mentions[Math.Max(i, j)].Candidate;
                    if (!OnlyListBetween(lo.EndToken, hi.FirstToken)) continue;
                    var adjacent = hi.FirstToken == lo.EndToken && Tokens[hi.FirstToken].Before is Gap.Joined or Gap.Clause;
                    if (!Mentions[j].ContextOk && !adjacent) continue;
                    Mentions[i].ContextOk = true;
                    Mentions[j].ContextOk = true;
                    changed = true;
                    break;
                }
            }
        }
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
            // A clause that denies or gives the work to others ("в работе не использовала", "the web team uses")
            // says nothing positive about the candidate: its other cues are part of that statement.
            if (!clause.HasNegative && !clause.HasOthers)
                foreach (var cue in clause.Cues)
                    if (FamilyOf(cue.Kind) > 1 || cue.Kind == CueKind.Only || cue.Kind == CueKind.Required && !Vacancy) Apply(k, cue);
            foreach (var cue in clause.Cues)
                if (cue.Kind == CueKind.Others) Apply(k, cue);
            foreach (var cue in clause.Cues)
                if (IsNegative(cue.Kind)) Apply(k, cue);
        }
    }

    /// <summary>
    /// A cue reaches the skills of its own clause on the side it governs (after it when there are any, else before
    /// it); from there a leading cue spreads forward over bare list items and a trailing negation back over them
    /// ("не работал с MongoDB, ClickHouse", "MongoDB, ClickHouse — не работал"). A cue in a clause without skills
    /// refers back to the nearest clause with skills, skipping asides in brackets ("Kafka — нет", "Python (pytest) —
    /// основной"); at the head of a sentence it refers forward. A pronoun ("it", "с ними") refers back, if need be
    /// to the sentence before.
    /// </summary>
    private void Apply(int k, CueHit cue)
    {
        var clause = Clauses[k];
        var negative = IsNegative(cue.Kind);
        var forwardOnly = negative && cue.Value >= 1;
        if (clause.Mentions.Count > 0)
        {
            var after = GovernsForward(clause, cue, forwardOnly);
            var before = false;
            foreach (var m in clause.Mentions)
            {
                var first = Mentions[m].Candidate.FirstToken;
                if (after ? first >= cue.EndToken : !forwardOnly) { Reach(m, cue, k, backwards: false); before |= !after; }
            }
            if (cue.Kind == CueKind.Only) return;
            if (after)
            {
                for (var j = k + 1; j < Clauses.Count; j++)
                {
                    var next = Clauses[j];
                    if (next.Sentence != clause.Sentence || next.Conjunction || !next.Bare) break;
                    foreach (var m in next.Mentions) Reach(m, cue, k, backwards: false);
                }
            }
            else if (before && negative)
            {
                for (var j = k - 1; j >= 0; j--)
                {
                    var previous = Clauses[j];
                    if (previous.Sentence != clause.Sentence || Clauses[j + 1].Conjunction || !previous.Bare) break;
                    foreach (var m in previous.Mentions) Reach(m, cue, k, backwards: true);
                }
            }
            if (clause.HasPronoun && (negative || cue.Kind == CueKind.Others)) ReachBack(k, cue, crossSentence: false);
            else if (!forwardOnly && cue.Kind != CueKind.Others) ReachTopic(k, cue);
            return;
        }
        if (cue.Kind == CueKind.Only || forwardOnly && !IsHead(k)) return;

        // A denial with an object of its own ("серьёзную оптимизацию уже не потяну", "can't name it") is about that.
        if (negative && !clause.BarePredicate) return;
        if (ReachBack(k, cue, crossSentence: clause.HasPronoun && negative)) return;
        if (clause.HasPronoun || !IsHead(k)) return;

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

    /// <summary>
    /// "Python: pandas … at the level of the bootcamp", "Node.js — на уровне конфигов и BFF на Express": what follows
    /// a colon or dash after a bare name describes that name too.
    /// </summary>
    private void ReachTopic(int k, CueHit cue)
    {
        if (k == 0 || (Tokens[Clauses[k].First].Marks & (GapMarks.Colon | GapMarks.Dash)) == 0) return;
        var topic = Clauses[k - 1];
        if (topic.Sentence != Clauses[k].Sentence || !topic.Bare || topic.Depth != Clauses[k].Depth) return;
        foreach (var m in topic.Mentions) Reach(m, cue, k, backwards: true);
    }

    /// <summary>
    /// Whether a cue inside a clause with skills governs those after it ("ClickHouse и немного Greenplum") or those
    /// before it ("Rust знаком по книге … на STM32"): the nearer side wins, after on a tie.
    /// </summary>
    private bool GovernsForward(Clause clause, CueHit cue, bool forwardOnly)
    {
        int before = int.MaxValue, after = int.MaxValue;
        foreach (var i in clause.Mentions)
        {
            var m = Mentions[i].Candidate;
            if (m.FirstToken >= cue.EndToken) after = Math.Min(after, m.FirstToken - cue.EndToken);
            else if (m.EndToken <= cue.FirstToken) before = Math.Min(before, cue.FirstToken - m.EndToken);
        }
        if (after == int.MaxValue) return false;
        return forwardOnly || after <= before;
    }

    /// <summary>No clause before <paramref name="k"/> in its sentence names a skill.</summary>
    private bool IsHead(int k)
    {
        for (var j = k - 1; j >= 0 && Clauses[j].Sentence == Clauses[k].Sentence; j--)
            if (Clauses[j].Mentions.Count > 0) return false;
        return true;
    }

    /// <summary>Applies a cue to the nearest earlier clause with skills; returns whether one was found.</summary>
    private bool ReachBack(int k, CueHit cue, bool crossSentence)
    {
        var clause = Clauses[k];
        for (var j = k - 1; j >= 0; j--)
        {
            var previous = Clauses[j];
            if (previous.Sentence != clause.Sentence)
            {
                // "Causal inference … . I've only read about them": the pronoun reaches the sentence before.
                if (!crossSentence || previous.Sentence != clause.Sentence - 1 || previous.Paragraph != clause.Paragraph) return false;
                var any = false;
                for (var i = j; i >= 0 && Clauses[i].Sentence == previous.Sentence; i--)
                    foreach (var m in Clauses[i].Mentions) { Reach(m, cue, k, backwards: true); any = true; }
                return any;
            }
            if (previous.Mentions.Count == 0 || previous.Depth > clause.Depth) continue;
            // "Кубер и Airflow — это зона ML-инженеров, сам я с ними не работал": "с ними" is not the engineers.
            if (previous.AllRoles && clause.HasPronoun) continue;
            foreach (var m in previous.Mentions) Reach(m, cue, k, backwards: true);
            // "MongoDB, ClickHouse — не использовал": a denial reaches the whole bare list before it.
            for (var i = j - 1; IsNegative(cue.Kind) && previous.Bare && i >= 0; i--)
            {
                if (Clauses[i].Sentence != clause.Sentence || Clauses[i + 1].Conjunction || !Clauses[i].Bare) break;
                foreach (var m in Clauses[i].Mentions) Reach(m, cue, k, backwards: true);
            }
            return true;
        }
        return false;
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
                // "MS SQL видела только в универе": seen at university is a course, not nothing.
                if (cue.Kind == CueKind.NoExperience && m.WhereCue is { Kind: CueKind.Course })
                {
                    if (0.25 < m.Cap) { m.Cap = 0.25; m.CapCue = cue; }
                    return;
                }
                m.Negated = true;
                // "В прод нейронки не деплоил" denies production use, not the skill.
                if (!HasFamily(Clauses[fromClause], 3)) m.DeniedOutright = true;
                return;
            case CueKind.Course:
                // A course caps the level only when nothing better is said of where it was used (see Score).
                SetWhere(m, Where.Course, cue);
                break;
            case CueKind.Hedge or CueKind.Past:
                if (cue.Value < m.Cap) { m.Cap = cue.Value; m.CapCue = cue; }
                break;
            case CueKind.Others:
                if (cue.Value >= 1 && m.Clause == fromClause && m.Candidate.FirstToken >= cue.EndToken) m.Agent = true;
                else m.ByOthers = true;
                return;
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
            case CueKind.Required:
                // "позиции, где нужен сильный DL": about a job, not the candidate.
                if (cue.Value >= 1) m.Wished = true;
                return;
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

    /// <summary>
    /// The level a mention starts from, by where the skill was used: commercial work &gt; research &gt; an internship or
    /// an own project &gt; a list of known tools &gt; named in passing &gt; a course.
    /// </summary>
    public static double BaseOf(Where where) => where switch
    {
        Where.Commercial => 0.6,
        Where.Research => 0.55,
        Where.Internship or Where.Project => 0.53,
        Where.List => 0.5,
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
            else if (m.Where == Where.Course && m.Cap > 0.35)
            {
                // Learnt in a course: the level stops there, whatever else is said (a self-rating still stands).
                m.Cap = 0.35;
                m.CapCue = m.WhereCue;
                level = BaseOf(m.Where);
            }
            else
            {
                level = BaseOf(m.Where) + Math.Min(0.3, m.Strong);
                level += Math.Min(0.2, 0.04 * m.Years);
                if (m.Size) level += 0.05;
                else if (SectionSize && !m.Hedged) level += 0.03;
                if (m.Usage) level += 0.03;
            }
            m.Level = Math.Clamp(Math.Min(level, m.Cap), 0.1, 1.0);
        }
    }

    /// <summary>
    /// The mention says the candidate used the skill: a cue of their own use reached it, or it is an item of an
    /// experience entry or of a bare list of tools, or it answers a question about their work or tools.
    /// </summary>
    public bool IsOwnUse(MentionState m) =>
        m.Positive || Section.Experience is not null || Clauses[m.Clause].Bare
        || (Section.Traits & (SectionTraits.Work | SectionTraits.List)) != 0;

    /// <summary>The text of a cue as written, for reasons.</summary>
    public string Quote(CueHit cue) => Section.Source[Tokens[cue.FirstToken].Start..Tokens[cue.EndToken - 1].End];
}
