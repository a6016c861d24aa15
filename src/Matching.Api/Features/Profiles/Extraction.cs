using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Features.Profiles;

internal static class ExtractionProblems
{
    public static ProblemHttpResult From(ExtractionFailure failure) =>
        Problems.Result(StatusCodes.Status422UnprocessableEntity, failure.Code switch
        {
            ExtractionFailure.Empty => "The questionnaire is empty",
            ExtractionFailure.NotText => "The questionnaire is not readable text",
            ExtractionFailure.UnsupportedLanguage => "The questionnaire's language is not supported",
            ExtractionFailure.NoSkills => "No skills found in the questionnaire",
            _ => "The questionnaire could not be used",
        }, failure.Message, new Dictionary<string, object?> { ["code"] = failure.Code });
}
