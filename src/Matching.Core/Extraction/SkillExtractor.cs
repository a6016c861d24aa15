using Matching.Core.Taxonomy;

namespace Matching.Core.Extraction;

public sealed class SkillExtractor : ISkillExtractor
{
    public SkillExtractor(SkillTaxonomy taxonomy) => Taxonomy = taxonomy;

    public SkillTaxonomy Taxonomy { get; }

    public ExtractionResult Extract(Questionnaire questionnaire, string language) =>
        ExtractionResult.Fail(ExtractionFailure.NoSkills, "Extraction is not implemented yet.");

    public IReadOnlyList<ExtractedRequirement> ExtractRequirements(string description) => [];
}
