namespace Matching.Core.Extraction;

/// <summary>
/// The version of the extraction rules (lexicons, stages, level model), stored with every extracted profile as
/// <c>scorerVersion</c> is with every score. Changing what a questionnaire extracts to changes it; stored profiles with
/// another version (or another taxonomy version) are due for re-extraction.
/// </summary>
public static class ExtractorVersion
{
    public const string Current = "extractor-14";
}
