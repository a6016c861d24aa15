using Matching.Core.Profiles;

namespace Matching.Core.Extraction;

/// <summary>
/// What the extractor made of a questionnaire: mentioned skills with evidence, inferred ancestors, experience, and the
/// skills the candidate denies (<see cref="Denied"/>: neither in the profile nor inferred from a child).
/// </summary>
public sealed record ExtractedProfile(
    string Language,
    IReadOnlyList<ProfileSkill> Skills,
    IReadOnlyList<Experience> Experience,
    IReadOnlyList<string>? Denied = null)
{
    /// <summary>
    /// Per skill id, which stage of the extraction decided what (every mention, kept or not); not stored. The reason of
    /// each skill is written from it.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TraceStep>> Trace => LazyTrace?.Value ?? new Dictionary<string, IReadOnlyList<TraceStep>>();

    internal Lazy<IReadOnlyDictionary<string, IReadOnlyList<TraceStep>>>? LazyTrace { get; init; }

    /// <summary>
    /// The candidate's total years of professional experience where the questionnaire states it ("6 лет коммерческого
    /// опыта", "10+ years of experience"); null when it does not. Years said of one skill or one job are not counted.
    /// </summary>
    public double? YearsOfExperience { get; init; }

    /// <summary>
    /// The extraction's own skills as stored: the mentioned ones plus each denied skill at level 0, which
    /// <see cref="SkillVector.Compose"/> keeps out of the profile and out of inference whenever it recomposes.
    /// </summary>
    public IReadOnlyList<ProfileSkill> StoredSkills() =>
        Skills.Where(s => s.Source != SkillSource.Inferred)
            .Concat((Denied ?? []).Select(id => new ProfileSkill(id, 0, SkillSource.Mentioned, [], "denied by the candidate")))
            .ToList();
}

/// <summary>Why a questionnaire could not be turned into a profile (answered as 422).</summary>
public sealed record ExtractionFailure(string Code, string Message)
{
    public const string Empty = "empty";
    public const string NotText = "not-text";
    public const string NoSkills = "no-skills";
    public const string UnsupportedLanguage = "unsupported-language";
}

public sealed record ExtractionResult(ExtractedProfile? Profile, ExtractionFailure? Failure)
{
    public static ExtractionResult Ok(ExtractedProfile p) => new(p, null);
    public static ExtractionResult Fail(string code, string message) => new(null, new ExtractionFailure(code, message));
}

public interface ISkillExtractor
{
    /// <param name="language">"ru", "en" or "auto".</param>
    ExtractionResult Extract(Questionnaire questionnaire, string language);
}
