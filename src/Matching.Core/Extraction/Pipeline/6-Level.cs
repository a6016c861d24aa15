namespace Matching.Core.Extraction;

/// <summary>Stage 7 output, per mention: where the skill was used (after the section's default) and the level it earns.</summary>
/// <param name="Hedged">Capped by its words or by being learnt in a course: repetition does not raise it.</param>
/// <param name="CapCue">The cue that capped it, if any.</param>
internal readonly record struct MentionLevel(Where Where, double Level, bool WhereFromSection, bool Hedged, CueHit? CapCue);

/// <summary>Stage 7 output: each mention's level.</summary>
internal sealed record Levelled(Scoped Scoped, IReadOnlyList<MentionLevel> Levels);

/// <summary>
/// Gives each mention that counts a level from <see cref="LevelModel"/>: the base for where the skill was used (a
/// cue's word, else what the section is: an experience entry, a question about work, tools, projects, courses), plus
/// what the words add (depth, years, sizes, use), capped by what they take away (hedges, courses, the past).
/// </summary>
internal static class Level
{
    public static Levelled Run(Scoped scoped)
    {
        var s = scoped.Segmented;
        var fallback = DefaultWhere(s.Section);
        var levels = new MentionLevel[scoped.Scopes.Count];
        for (var i = 0; i < levels.Length; i++)
        {
            var m = scoped.Scopes[i];
            if (!m.Counts) continue;
            var fromSection = m.WhereCue is null;
            var where = fromSection ? fallback : m.Where;
            var course = m.Rating is null && where == Where.Course;
            var capCue = course && m.Cap > LevelModel.CourseCap ? m.WhereCue : m.CapCue;
            levels[i] = new MentionLevel(where, LevelModel.MentionLevel(m, where, scoped.SectionSize), fromSection, m.Hedged || course, capCue);
        }
        return new Levelled(scoped, levels);
    }

    /// <summary>Where the skills of a section were used when no cue says: the entry's kind, else what the question asks.</summary>
    internal static Where DefaultWhere(Section section)
    {
        switch (section.ExperienceKind)
        {
            case ExperienceKind.Commercial: return Where.Commercial;
            case ExperienceKind.Internship: return Where.Internship;
            case ExperienceKind.Academic: return Where.Research;
        }
        var traits = section.Traits;
        if ((traits & SectionTraits.Work) != 0) return Where.Commercial;
        if ((traits & SectionTraits.Research) != 0) return Where.Research;
        if ((traits & SectionTraits.Project) != 0) return Where.Project;
        if ((traits & SectionTraits.List) != 0) return Where.List;
        if ((traits & SectionTraits.Familiar) != 0) return Where.Familiar;
        if ((traits & SectionTraits.Course) != 0) return Where.Course;
        return Where.General;
    }
}
