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
        var parts = new List<string>(6);
        var quoted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var org = a.Section.Experience?.Organization;
        // "был опыт в студенчестве с mysql" under a question about work: the hedge is the story, not "used at work".
        var whereFromQuestion = m.WhereCue is null && a.Section.Experience is null;
        string Q(CueHit c) { var q = a.Quote(c); quoted.Add(q); return q; }
        if (!(level.Hedged && whereFromQuestion)) parts.Add(level.Where switch
        {
            Where.Commercial when m.WhereCue is null && org is not null => $"commercial experience at {org}",
            Where.Commercial when m.WhereCue is { } c => $"used at work ('{Q(c)}')",
            Where.Commercial => "used at work",
            Where.Internship => org is null ? "internship" : $"internship at {org}",
            Where.Research when m.WhereCue is null && org is not null => $"research at {org}",
            Where.Research => "research",
            Where.Project => "own project",
            Where.List => "listed among the tools used",
            Where.Familiar => "named as familiar",
            Where.Course => m.WhereCue is { } c ? $"studied ('{Q(c)}')" : "studied in a course",
            _ => "mentioned",
        });
        if (m.Rating is { } r) parts.Add($"self-rated {r.Value.ToString(CultureInfo.InvariantCulture)}/{r.Scale.ToString(CultureInfo.InvariantCulture)}");
        var strong = m.StrongCues.Select(a.Quote).Where(q => quoted.Add(q)).Take(3).Select(q => $"'{q}'").ToList();
        if (strong.Count > 0) parts.Add(string.Join(", ", strong));
        if (m.Years > 0) parts.Add(m.Years >= 1 ? $"{m.Years.ToString("0.#", CultureInfo.InvariantCulture)} years" : "under a year");
        if (m.Size) parts.Add("with a stated data size");
        if (level.Hedged && level.CapCue is { } cap && cap.Kind != CueKind.Course && quoted.Add(a.Quote(cap))) parts.Add($"hedged: '{a.Quote(cap)}'");
        if (m.Exclusive) parts.Add("the only one of its kind named");
        if (mentions > 1) parts.Add(sections > 1 ? $"mentioned {mentions}× in {sections} parts" : $"mentioned {mentions}×");
        return string.Join("; ", parts.Distinct());
    }
}
