using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Data.Tests;

/// <summary>A small taxonomy and questionnaire builders, so tests read as what they check.</summary>
internal static class TestData
{
    public static readonly SkillTaxonomy Taxonomy = new("test", [],
    [
        Skill("machine-learning", "Machine learning"),
        Skill("deep-learning", "Deep learning", "machine-learning"),
        Skill("pytorch", "PyTorch", "deep-learning"),
        Skill("computer-vision", "Computer vision", "machine-learning"),
        Skill("yolo", "YOLO", "computer-vision", "deep-learning"),
        Skill("nlp", "NLP", "machine-learning"),
        Skill("rag", "RAG", "nlp"),
        Skill("python", "Python"),
        Skill("sql", "SQL"),
        Skill("postgresql", "PostgreSQL", "sql"),
        Skill("mysql", "MySQL", "sql"),
        Skill("docker", "Docker"),
        Skill("kubernetes", "Kubernetes"),
        Skill("rare-skill", "Rare skill"),
    ]);

    public static readonly ComposeSkills Compose = (extracted, overrides) => SkillVector.Compose(Taxonomy, extracted, overrides);

    public static string NewExternalId(string prefix = "hr") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A markdown questionnaire mentioning each skill once, with evidence pointing at the mention.</summary>
    public static ProfileWrite Write(string? externalId, params (string Skill, double Level)[] skills)
    {
        var content = "## Опыт\n";
        var extracted = new List<ProfileSkill>();
        foreach (var (skill, level) in skills)
        {
            var name = Taxonomy.Find(skill)?.Name ?? skill;
            var start = content.Length;
            content += $"- {name} в продакшене\n";
            extracted.Add(new ProfileSkill(skill, level, SkillSource.Mentioned,
                [new Evidence("Опыт", $"{name} в продакшене", start + 2, start + 2 + name.Length + " в продакшене".Length)],
                "listed under experience"));
        }
        return new ProfileWrite(externalId, Questionnaire.Markdown(content), "ru", extracted,
            [new Experience("Acme", "ML Engineer")], ExtractionVersions.Current(Taxonomy));
    }

    private static SkillDefinition Skill(string id, string name, params string[] parents) =>
        new(id, name, "test", parents, [], [new SkillAlias(name, "en")]);
}
