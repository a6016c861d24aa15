using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

// The extraction pipeline, stage by stage. Each stage is a small static class whose Run takes the previous stage's
// output and returns a new record; nothing a stage returns is changed afterwards. SectionPipeline wires them for one
// section; Aggregate folds the sections into a profile.
//
//   Tokenize → Spot → ResolveOverlaps → Segment → ContextFilter → ScopeCues (+ NumberCues) → Level → Aggregate

/// <summary>Stage 1 output: a section's words (its heading's role first, then its answer ranges).</summary>
/// <param name="Tokens">Not modified after <see cref="Tokenize"/> (a list because the matcher walks it by index).</param>
internal sealed record SectionText(Section Section, List<Token> Tokens)
{
    public string Source => Section.Source;
}

internal static class Tokenize
{
    public static SectionText Run(Section section)
    {
        var text = section.Source;
        var chars = section.Heading is { } head ? head.End - head.Start : 0;
        foreach (var (start, end) in section.Ranges) chars += end - start;
        var tokens = new List<Token>(Math.Max(16, chars / 6)); // about a token per six characters: grown once at most
        if (section.Heading is { } h) Tokenizer.Tokenize(text, h.Start, h.End, tokens);
        foreach (var (start, end) in section.Ranges) Tokenizer.Tokenize(text, start, end, tokens);
        return new SectionText(section, tokens);
    }
}

/// <summary>Stage 2 output: every alias of the taxonomy and every cue phrase of the lexicon found, overlaps and all.</summary>
internal sealed record Spots(SectionText Text, IReadOnlyList<SkillMatcher.Candidate> Aliases, IReadOnlyList<CueHit> Cues);

internal static class Spot
{
    public static Spots Run(SectionText text, SkillMatcher matcher, Lexicon lexicon)
    {
        var cues = new List<CueHit>(Math.Max(8, text.Tokens.Count / 4));
        lexicon.Find(text.Tokens, 0, text.Tokens.Count, cues);
        Employers.Find(text.Tokens, cues, lexicon);
        var aliases = new List<SkillMatcher.Candidate>();
        matcher.Match(text.Source, text.Tokens, 0, text.Tokens.Count, aliases);
        if (text.Section.Experience is null && text.Section.Name is { Length: > 0 } question) matcher.HeadsFromQuestion(question, text.Tokens, aliases);
        return new Spots(text, aliases, cues);
    }
}

/// <summary>
/// Part of Spot: an employer named with words in between ("в страховой компании", "в крупном банке", "at a mid-size
/// fintech company") says the sentence is about paid work, as "в компании" does.
/// </summary>
internal static class Employers
{
    private static readonly Cue Employer = new(CueKind.Commercial, 0, "employer");
    private const int MaxWordsBetween = 3;

    public static void Find(List<Token> tokens, List<CueHit> cues, Lexicon lexicon)
    {
        var added = false;
        for (var t = 0; t < tokens.Count; t++)
        {
            var key = tokens[t].Key;
            if (key is not ("в" or "во" or "at")) continue;
            for (var k = t + 1; k < tokens.Count && k <= t + 1 + MaxWordsBetween; k++)
            {
                if (tokens[k].Before >= Gap.Clause) break;
                if (!lexicon.Is(WordKind.Employer, tokens[k].Key)) continue;
                if (k > t + 1 && !Covered(cues, t, k + 1)) // "в компании", "в прошлой компании" are lexicon phrases already
                {
                    cues.Add(new CueHit(Employer, t, k + 1));
                    added = true;
                }
                break;
            }
        }
        if (added) cues.Sort(static (a, b) => a.FirstToken != b.FirstToken ? a.FirstToken.CompareTo(b.FirstToken) : b.EndToken.CompareTo(a.EndToken));
    }

    private static bool Covered(List<CueHit> cues, int from, int to)
    {
        foreach (var c in cues)
            if (c.Kind == CueKind.Commercial && c.FirstToken < to && c.EndToken > from) return true;
        return false;
    }
}

/// <summary>Stage 3 output: the mentions and the cues that stand after overlaps are settled.</summary>
/// <param name="MentionAt">For each token, the mention it belongs to, or -1.</param>
/// <param name="ListJoinAt">For each token, whether it only joins list items ("и", "например").</param>
/// <param name="Role">For each mention, whether the alias is part of a role ("ML-инженеров", "data engineers").</param>
internal sealed record Resolved(
    SectionText Text,
    IReadOnlyList<SkillMatcher.Candidate> Mentions,
    IReadOnlyList<CueHit> Cues,
    IReadOnlyList<int> MentionAt,
    IReadOnlyList<bool> ListJoinAt,
    IReadOnlyList<bool> Role)
{
    public List<Token> Tokens => Text.Tokens;
}

/// <summary>
/// A cue phrase that contains a whole alias and more ("Deep Learning School" around "deep learning") is the cue;
/// otherwise the alias wins and the cue words inside it are ignored ("Visual Basic" is not "basic").
/// </summary>
internal static class ResolveOverlaps
{
    public static Resolved Run(Spots spots, Lexicon lexicon)
    {
        var tokens = spots.Text.Tokens;
        var n = tokens.Count;
        var candidates = spots.Aliases;
        var mentionAt = new int[n];
        Array.Fill(mentionAt, -1);
        for (var c = 0; c < candidates.Count; c++)
            for (var t = candidates[c].FirstToken; t < candidates[c].EndToken; t++) mentionAt[t] = c;

        var kept = new List<CueHit>(spots.Cues.Count);
        foreach (var cue in spots.Cues)
        {
            if (cue.Kind == CueKind.Negation && SaidOfAThing(tokens, cue.FirstToken, mentionAt, lexicon)) continue;
            var overlapped = -1;
            for (var t = cue.FirstToken; t < cue.EndToken && overlapped < 0; t++) overlapped = mentionAt[t];
            if (overlapped < 0) { kept.Add(cue); continue; }
            var m = candidates[overlapped];
            var cueCovers = cue.FirstToken <= m.FirstToken && cue.EndToken >= m.EndToken && cue.EndToken - cue.FirstToken > m.EndToken - m.FirstToken;
            if (cueCovers && cue.Kind is not (CueKind.ListJoin or CueKind.TechContext or CueKind.Pronoun)) kept.Add(cue);
        }

        var role = new bool[candidates.Count];
        for (var c = 0; c < candidates.Count; c++)
        {
            var after = candidates[c].EndToken;
            if (after < n && tokens[after].Before <= Gap.Space && lexicon.IsRoleNoun(tokens[after].Key)) role[c] = true;
        }
        var listJoinAt = new bool[n];
        foreach (var cue in kept)
            if (cue.Kind == CueKind.ListJoin)
                for (var t = cue.FirstToken; t < cue.EndToken; t++) listJoinAt[t] = true;
        return new Resolved(spots.Text, candidates, kept, mentionAt, listJoinAt, role);
    }

    /// <summary>
    /// "I use pandas for anything that does not fit into one SQL query", "задачи, которые не влезают в Excel": a denial
    /// right after a relative pronoun whose antecedent names no skill is said of that thing, not of the candidate's use of
    /// what the sentence names. After a skill it still denies ("Kubernetes, which never made it into our stack").
    /// </summary>
    internal static bool SaidOfAThing(List<Token> tokens, int first, IReadOnlyList<int> mentionAt, Lexicon lexicon)
    {
        var relative = first - 1;
        if (relative >= 1 && lexicon.Is(WordKind.Auxiliary, tokens[relative].Key) && tokens[relative].Before <= Gap.Space) relative--;
        if (relative < 1 || !lexicon.Is(WordKind.Relative, tokens[relative].Key)) return false;
        var antecedent = relative - 1;
        return mentionAt[antecedent] < 0 && tokens[relative].Before <= Gap.Clause;
    }
}
