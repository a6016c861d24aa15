using Matching.Core.Extraction.Text;

namespace Matching.Core.Extraction;

/// <summary>
/// One section through the stages: Tokenize → Spot → ResolveOverlaps → Segment → ContextFilter → ScopeCues (with
/// NumberCues) → Level. The result keeps every stage's output so that later steps (aggregation, quotes, reasons,
/// vacancy reading) and tests can look at any of them.
/// </summary>
internal sealed class SectionResult(Levelled levelled)
{
    public Levelled Levelled { get; } = levelled;
    public Scoped Scoped => Levelled.Scoped;
    public Segmented Segmented => Scoped.Segmented;
    public Section Section => Segmented.Section;
    public List<Token> Tokens => Segmented.Tokens;
    public IReadOnlyList<CueHit> Cues => Segmented.Resolved.Cues;
    public IReadOnlyList<Clause> Clauses => Segmented.Clauses;
    public IReadOnlyList<SkillMatcher.Candidate> Mentions => Segmented.Mentions;
    public IReadOnlyList<MentionScope> Scopes => Scoped.Scopes;
    public IReadOnlyList<MentionLevel> Levels => Levelled.Levels;
    public IReadOnlyList<string?> ContextWhy => Scoped.Filtered.Why;

    /// <summary>The section's question or heading cut to a reason's length (worked out once per section).</summary>
    public string ShortName => _shortName ??= Aggregate.Short(Section.Name);
    private string? _shortName;

    public int SentenceOf(int mention) => Segmented.SentenceOf(mention);
    public int ClauseOf(int mention) => Segmented.ClauseOfMention[mention];
    public string Quote(CueHit cue) => Segmented.Quote(cue);

    /// <summary>
    /// The mention says the candidate used the skill: a cue of their own use reached it, or it is an item of an
    /// experience entry or of a bare list of tools, or it answers a question about their work or tools, or its section is
    /// read as paid work ("Что конкретно делаю сейчас" after a letter's word of the job).
    /// </summary>
    public bool IsOwnUse(int mention) =>
        Scopes[mention].Positive || Section.Experience is not null || IsListed(mention) || (Section.Traits & SectionTraits.Work) != 0
        || Levels[mention] is { Where: Where.Commercial, WhereFromSection: true };

    /// <summary>
    /// Named in a list of what was used: a bare list clause, or a section that lists tools. A bare clause that labels the
    /// words after it ("- Akka: I know the actor model …, but I've never used Akka") is the line's topic, not a list item.
    /// </summary>
    public bool IsListed(int mention)
    {
        var k = ClauseOf(mention);
        return Clauses[k].Bare && !(Segmented.LabelsNext(k) && !Clauses[k + 1].Bare) || (Section.Traits & SectionTraits.List) != 0;
    }
}

internal static class SectionPipeline
{
    /// <param name="vacancy">A job description: wording about what is needed describes the job, not a wish.</param>
    /// <param name="earlierRole">An experience entry that ended before the candidate's latest one.</param>
    public static SectionResult Run(Section section, SkillMatcher matcher, Lexicon lexicon, bool vacancy = false, bool earlierRole = false) =>
        LevelOf(Analyse(section, matcher, lexicon, vacancy), matcher, lexicon, earlierRole);

    /// <summary>The stages before levels: what each mention is and which cues reach it.</summary>
    public static Scoped Analyse(Section section, SkillMatcher matcher, Lexicon lexicon, bool vacancy = false)
    {
        var text = Tokenize.Run(section);
        var spots = Spot.Run(text, matcher, lexicon);
        var resolved = ResolveOverlaps.Run(spots, lexicon);
        var segmented = Segment.Run(resolved, lexicon);
        var filtered = ContextFilter.Run(segmented, matcher, lexicon);
        // A question's skills, for an answer that opens with "No," to them ("Have you worked with Hadoop? — No, I started after the Hadoop era").
        var asked = !vacancy && section.Experience is null && section.Name is { } q && q.Contains('?') ? matcher.SkillsIn(q) : null;
        return ScopeCues.Run(filtered, vacancy, lexicon, asked, matcher);
    }

    /// <param name="introducedAsWork">A label section ("Concretely:") right after a paragraph about the candidate's paid work.</param>
    public static SectionResult LevelOf(Scoped scoped, SkillMatcher matcher, Lexicon lexicon, bool earlierRole = false, bool introducedAsWork = false) =>
        new(Level.Run(scoped, lexicon, matcher, earlierRole, introducedAsWork));

    /// <summary>The last paragraph of a section says the candidate's paid work, with a cue of its own ("engineer at", "на работе").</summary>
    public static bool EndsAboutWork(Scoped scoped)
    {
        var clauses = scoped.Segmented.Clauses;
        if (clauses.Count == 0) return false;
        var last = clauses[^1].Paragraph;
        for (var k = clauses.Count - 1; k >= 0 && clauses[k].Paragraph == last; k--)
        {
            if (clauses[k].HasNegative || clauses[k].HasOthers) continue;
            foreach (var cue in clauses[k].Cues)
                if (cue.Kind == CueKind.Commercial && cue.Value == 0) return true;
        }
        return false;
    }
}
