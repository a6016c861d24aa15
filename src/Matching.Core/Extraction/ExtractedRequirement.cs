using Matching.Core.Profiles;

namespace Matching.Core.Extraction;

/// <summary>
/// A requirement read from a vacancy text: <see cref="Required"/> from its wording ("обязательно", "must" vs
/// "будет плюсом", "nice to have"), <see cref="MinLevel"/> from how much is asked ("3+ years", "basic"), and the
/// quotes it was read from (offsets into the description).
/// </summary>
public sealed record ExtractedRequirement(
    string SkillId,
    bool Required,
    double Weight,
    double MinLevel,
    IReadOnlyList<Evidence> Evidence);
