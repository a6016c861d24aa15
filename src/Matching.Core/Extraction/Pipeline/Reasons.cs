using System.Globalization;

namespace Matching.Core.Extraction;

/// <summary>
/// The reason a recruiter reads beside a skill, written from what the stages decided about its best mention: one
/// phrase per fact (where it was used, depth words, years, a data size, a hedge, exclusivity, repetition), no phrase
/// or quoted cue twice.
/// </summary>
internal static class Reasons
{
    public static string Write(SectionResult a, int mention, int mentions, int sections)
    {
        var m = a.Scopes[mention];
        var level = a.Levels[mention];
        var text = new System.Text.StringBuilder(96);
        string? whereCue = null;
        void Part(string part)
        {
            if (text.Length > 0) text.Append("; ");
            text.Append(part);
        }
        string Q(CueHit c) => whereCue = a.Quote(c);
        // "был опыт в студенчестве с mysql" under a question about work: the hedge is the story, not "used at work".
        var whereFromQuestion = m.WhereCue is null && a.Section.Experience is null;
        if (!(level.Hedged && whereFromQuestion)) Part(Where(a, m, level, Q));
        if (level.EarlierRole && level.WhereFromSection && a.Section.Years is { To: { } until })
            Part($"an earlier role (until {until.ToString(CultureInfo.InvariantCulture)})");
        if (m.Rating is { } r) Part($"self-rated {r.Value.ToString(CultureInfo.InvariantCulture)}/{r.Scale.ToString(CultureInfo.InvariantCulture)}");
        // Depth words, each once, none that the place already quoted ("used at work ('в проде')" is not followed by 'в проде').
        var strong = 0;
        string? first = null, second = null;
        foreach (var c in m.StrongCues)
        {
            if (c.Kind == CueKind.Only) continue; // said by "the only one of its kind named"
            var q = a.Quote(c);
            if (strong == 3 || Same(q, whereCue) || Same(q, first) || Same(q, second)) continue;
            if (strong == 0) { Part($"'{q}'"); first = q; }
            else { text.Append($", '{q}'"); second ??= q; }
            strong++;
        }
        if (m.Years > 0) Part(m.Years >= 1 ? $"{m.Years.ToString("0.#", CultureInfo.InvariantCulture)} years" : "under a year");
        if (m.Size) Part("with a stated data size");
        if (level.Hedged && level.CapCue is { } cap && cap.Kind != CueKind.Course)
        {
            var q = a.Quote(cap);
            if (!Same(q, whereCue) && !Same(q, first) && !Same(q, second))
                Part(cap.Kind switch
                {
                    CueKind.Migration => $"moved away from it ('{q}')",
                    CueKind.Past => $"in the past: '{q}'",
                    _ => $"hedged: '{q}'",
                });
        }
        if (m.MovedToCue is { } moved) Part($"moved to it ('{a.Quote(moved)}')");
        if (m.Exclusive) Part("the only one of its kind named");
        if (mentions > 1) Part(sections > 1 ? $"named {mentions}× in {sections} parts" : $"named {mentions}×");
        return text.ToString();
    }

    private static bool Same(string a, string? b) => b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the skill was used, naming the entry or the question it was said in.</summary>
    private static string Where(SectionResult a, MentionScope m, MentionLevel level, Func<CueHit, string> quote)
    {
        var org = a.Section.Experience?.Organization;
        var question = string.IsNullOrWhiteSpace(a.Section.Name) || a.Section.Experience is not null ? null : a.ShortName;
        var inQuestion = question is null ? "" : $" ('{question}')";
        if (level.JobTitle) return org is null ? "named in a job title" : $"job title at {org}";
        return level.Where switch
        {
            Extraction.Where.Commercial when m.WhereCue is { } c => $"used at work ('{quote(c)}')",
            Extraction.Where.Commercial when org is not null => $"commercial role at {org}",
            Extraction.Where.Commercial => $"answer about work{inQuestion}",
            Extraction.Where.Internship => org is null ? "internship" : $"internship at {org}",
            Extraction.Where.Research when m.WhereCue is { } c => $"research ('{quote(c)}')",
            Extraction.Where.Research when org is not null => $"research at {org}",
            Extraction.Where.Research => $"research{inQuestion}",
            Extraction.Where.Project when m.WhereCue is { } c => $"own project ('{quote(c)}')",
            Extraction.Where.Project => $"project{inQuestion}",
            Extraction.Where.List => $"tools list{inQuestion}",
            Extraction.Where.Familiar => $"named as familiar{inQuestion}",
            Extraction.Where.Course => m.WhereCue is { } c ? $"studied ('{quote(c)}')" : $"studied{inQuestion}",
            _ => question is null ? "mentioned" : $"described in '{question}'",
        };
    }
}
