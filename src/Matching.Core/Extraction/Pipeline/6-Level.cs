namespace Matching.Core.Extraction;

/// <summary>Stage 7 output, per mention: where the skill was used (after the section's default) and the level it earns.</summary>
/// <param name="Hedged">Capped by its words or by being learnt in a course: repetition does not raise it.</param>
/// <param name="CapCue">The cue that capped it, if any.</param>
/// <param name="JobTitle">Named in an experience heading's role ("ML engineer").</param>
/// <param name="EarlierRole">In an experience entry that ended before the candidate's latest one.</param>
internal readonly record struct MentionLevel(Where Where, double Level, bool WhereFromSection, bool Hedged, CueHit? CapCue, bool JobTitle,
    bool EarlierRole = false);

/// <summary>Stage 7 output: each mention's level.</summary>
internal sealed record Levelled(Scoped Scoped, IReadOnlyList<MentionLevel> Levels);

/// <summary>
/// Gives each mention that counts a level from <see cref="LevelModel"/>: the base for where the skill was used (a
/// cue's word, else what the section is: an experience entry, a question about work, tools, projects, courses), plus
/// what the words add (depth, years, sizes, use), capped by what they take away (hedges, courses, the past).
/// </summary>
internal static class Level
{
    public static Levelled Run(Scoped scoped, Lexicon lexicon, SkillMatcher matcher, bool earlierRole = false, bool introducedAsWork = false)
    {
        var taxonomy = matcher.Taxonomy;
        var s = scoped.Segmented;
        var fallback = DefaultWhere(s.Section);
        if (introducedAsWork && fallback == Where.General) fallback = Where.Commercial;
        var levels = new MentionLevel[scoped.Scopes.Count];
        var firstOfList = FirstOfLists(s, taxonomy);
        // "Какие СУБД использовали (Sqlite, Postgresql, MySQL…)? — В основном postgresql": a depth word choosing among
        // the options the question offers says less than one the candidate volunteers.
        var prompted = !string.IsNullOrEmpty(s.Section.Name) && s.Section.Experience is null
            && matcher.CountSkillsIn(s.Section.Name) >= LevelModel.PromptingOptions;
        var (listSentences, stackSentences) = LabelledLists(s, lexicon);
        var stackSection = (s.Section.Traits & SectionTraits.Stack) != 0;
        for (var i = 0; i < levels.Length; i++)
        {
            var m = scoped.Scopes[i];
            if (!m.Counts) continue;
            var fromSection = m.WhereCue is null;
            var where = fromSection ? fallback : m.Where;
            var course = m.Rating is null && where == Where.Course;
            var capCue = course && m.Cap > LevelModel.CourseCap ? m.WhereCue : m.CapCue;
            // A job title: in an experience heading ("#### Acme - ML engineer") or a skill that names a role ("фронтенд-разработчица").
            // A broad concept in a title ("ML engineer", "Backend developer") names the role, not a demonstrated skill;
            // a language, a tool or a practice in one ("Python developer", "Team Lead", "SRE") is what the job is.
            var title = (s.Section.Heading is { } h && s.Mentions[i].Start >= h.Start && s.Mentions[i].End <= h.End || m.Role)
                && taxonomy[s.Mentions[i].Ordinal].Umbrella;
            var @base = title ? LevelModel.JobTitleBase
                : where == Where.Commercial && fromSection && s.Section.Experience is null ? LevelModel.WorkAnswerBase
                : fromSection && where < Where.List && listSentences.Contains(s.SentenceOf(i)) ? LevelModel.ListBase
                : fromSection && where == Where.General && (s.Section.Traits & SectionTraits.Tasks) != 0 ? LevelModel.TaskAnswerBase
                : LevelModel.BaseOf(where);
            if (fromSection && where < Where.List && listSentences.Contains(s.SentenceOf(i))) where = Where.List;
            // Only words that choose ("в основном", "mainly") choose among the options; "каждый день" says how often.
            if (prompted && m.Strong > 0 && m.StrongCues.Any(c => c.Value >= LevelModel.ChoosingDepth))
                m = m with { Strong = m.Strong * LevelModel.PromptedStrongShare };
            // "Стек — TypeScript, React 18, Redux": what the candidate calls their stack is their everyday work.
            if (stackSection || stackSentences.Contains(s.SentenceOf(i))) m = m with { Strong = m.Strong + LevelModel.StackBonus };
            var level = LevelModel.MentionLevel(m, where, scoped.SectionSize, @base, firstOfList[i]);
            // "Local ISP - Linux sysadmin (2017 - 2021)" below "Wolt - DevOps Engineer (2021 - present)": what the candidate
            // did before counts for less than what they do now.
            // ("RabbitMQ at the previous job": the same, said in words.)
            var earlier = earlierRole && fromSection || m.WhereCue is { Kind: CueKind.Commercial, Value: >= 1 };
            if (earlier) level = Math.Max(LevelModel.Floor, level * LevelModel.EarlierRoleShare);
            levels[i] = new MentionLevel(where, level, fromSection, m.Hedged || course, capCue, title, earlier);
        }
        return new Levelled(scoped, levels);
    }

    /// <summary>Sentences that open with a list label: "Стек — TypeScript, React 18, …", "Tools: Docker, Helm".</summary>
    private static (HashSet<int> Lists, HashSet<int> Stacks) LabelledLists(Segmented s, Lexicon lexicon)
    {
        var sentences = new HashSet<int>();
        var stacks = new HashSet<int>();
        foreach (var c in s.Clauses)
        {
            if (c.End - c.First > 3) continue;
            var next = c.End < s.Tokens.Count ? s.Tokens[c.End] : default;
            if (c.End >= s.Tokens.Count || (next.Marks & (Text.GapMarks.Colon | Text.GapMarks.Dash)) == 0 || next.Before >= Text.Gap.Sentence) continue;
            // "backend: Node.js 20 + TypeScript, NestJS …", "infra: Docker, GitHub Actions, AWS": a line that opens with a
            // field's name and a colon lists the tools used in it.
            if (c.Mentions.Count > 0)
            {
                if ((next.Marks & Text.GapMarks.Colon) != 0 && (c.First == 0 || s.Tokens[c.First].Before >= Text.Gap.Line)
                    && s.Mentions.Count(m => s.Clauses[s.ClauseOfToken(m.FirstToken)].Sentence == c.Sentence) - c.Mentions.Count >= 2)
                    sentences.Add(c.Sentence);
                continue;
            }
            for (var t = c.First; t < c.End; t++)
                if (lexicon.SectionStems.TryGetValue(s.Tokens[t].Match, out var trait) && (trait & SectionTraits.List) != 0)
                {
                    sentences.Add(c.Sentence);
                    if ((trait & SectionTraits.Stack) != 0) stacks.Add(c.Sentence);
                    break;
                }
        }
        return (sentences, stacks);
    }

    /// <summary>The first mention of each sentence that names <see cref="LevelModel.ListMinItems"/> or more skills.</summary>
    private static bool[] FirstOfLists(Segmented s, Taxonomy.SkillTaxonomy taxonomy)
    {
        // "Из DL torch, sklearn": the list's first tool, not the broad concept that heads it. Mentions come in text
        // order, so a sentence's mentions are one run.
        var first = new bool[s.Mentions.Count];
        var i = 0;
        while (i < s.Mentions.Count)
        {
            var sentence = s.SentenceOf(i);
            var end = i;
            var tool = -1;
            for (; end < s.Mentions.Count && s.SentenceOf(end) == sentence; end++)
                if (tool < 0 && !taxonomy[s.Mentions[end].Ordinal].Umbrella && !IsLabel(s, end)) tool = end;
            if (end - i >= LevelModel.ListMinItems && tool >= 0) first[tool] = true;
            i = end;
        }
        return first;
    }

    /// <summary>
    /// "Мониторинг — Prometheus и Grafana", "Experiment tracking: MLflow": a skill followed by a colon or a dash labels
    /// what comes after it; the list is what follows.
    /// </summary>
    private static bool IsLabel(Segmented s, int mention)
    {
        var end = s.Mentions[mention].EndToken;
        if (end >= s.Tokens.Count || mention + 1 >= s.Mentions.Count || s.SentenceOf(mention + 1) != s.SentenceOf(mention)) return false;
        var next = s.Tokens[end];
        return next.Before < Text.Gap.Sentence && (next.Marks & (Text.GapMarks.Colon | Text.GapMarks.Dash)) != 0
            && s.Mentions[mention + 1].FirstToken == end;
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
