using Matching.Data;

namespace Matching.Api.Features.Taxonomy.Candidates;

/// <summary>A term stored questionnaires name that resolves to no skill of the taxonomy.</summary>
/// <param name="Term">The term as most profiles spell it; the accept and reject routes take it.</param>
/// <param name="Profiles">How many stored profiles name it.</param>
/// <param name="Examples">Up to three quotes of at most 80 characters around it, from different profiles where there are.</param>
[NJsonSchema.Annotations.JsonSchema("CandidateTerm")]
public sealed record CandidateTermDto(string Term, int Profiles, IReadOnlyList<string> Examples)
{
    public const int MaxTermLength = 100;

    public static CandidateTermDto From(CandidateTermSummary s) => new(s.Display, s.Profiles, s.Examples);
}

/// <summary>A term added to the stop list.</summary>
/// <param name="Term">The term as most profiles spelled it.</param>
/// <param name="Profiles">How many stored profiles named it when it was rejected.</param>
[NJsonSchema.Annotations.JsonSchema("CandidateRejected")]
public sealed record CandidateRejectedDto(string Term, int Profiles);
