using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Features.Profiles;

internal static class ExtractionProblems
{
    /// <summary>A 422 whose code is the extractor's own reason code (empty, not-text, unsupported-language, no-skills).</summary>
    public static ProblemHttpResult From(ExtractionFailure failure) => Problems.Result(failure.Code switch
    {
        ExtractionFailure.Empty => ProblemTypes.EmptyQuestionnaire,
        ExtractionFailure.NotText => ProblemTypes.NotText,
        ExtractionFailure.UnsupportedLanguage => ProblemTypes.UnsupportedLanguage,
        ExtractionFailure.NoSkills => ProblemTypes.NoSkills,
        _ => ProblemTypes.Unprocessable,
    }, failure.Message);
}
