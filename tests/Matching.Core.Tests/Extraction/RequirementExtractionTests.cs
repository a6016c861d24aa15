namespace Matching.Core.Tests.Extraction;

public sealed class RequirementExtractionTests
{
    private static readonly Matching.Core.Extraction.SkillExtractor Extractor = TestTaxonomy.Extractor;

    [Fact]
    public void Required_and_nice_to_have_come_from_the_wording()
    {
        var r = Extractor.ExtractRequirements("""
            Ищем ML-инженера.
            Требования:
            - Python, PyTorch
            - опыт с PostgreSQL
            Будет плюсом:
            - Kafka, Docker
            """);
        Assert.True(r.Single(x => x.SkillId == "python").Required);
        Assert.True(r.Single(x => x.SkillId == "pytorch").Required);
        Assert.True(r.Single(x => x.SkillId == "postgresql").Required);
        Assert.False(r.Single(x => x.SkillId == "kafka").Required);
        Assert.True(r.Single(x => x.SkillId == "docker").Weight < r.Single(x => x.SkillId == "python").Weight);
    }

    [Fact]
    public void Sentence_wording_overrides_the_block()
    {
        var r = Extractor.ExtractRequirements("""
            Requirements:
            Must have Python and SQLAlchemy. Kubernetes is a plus.
            """);
        Assert.True(r.Single(x => x.SkillId == "python").Required);
        Assert.False(r.Single(x => x.SkillId == "kubernetes").Required);
    }

    [Fact]
    public void Negated_skills_are_not_required()
    {
        var r = Extractor.ExtractRequirements("Нужен Python-разработчик. Знание Java не требуется. No Kubernetes needed.");
        Assert.Contains(r, x => x.SkillId == "python" && x.Required);
        Assert.DoesNotContain(r, x => x.SkillId == "java");
        Assert.DoesNotContain(r, x => x.SkillId == "kubernetes");
    }

    [Fact]
    public void Years_and_depth_raise_the_minimum_level()
    {
        var r = Extractor.ExtractRequirements("Requirements: 5+ years of Python. Basic knowledge of Docker. Deep knowledge of PostgreSQL.");
        Assert.True(r.Single(x => x.SkillId == "python").MinLevel >= 0.75);
        Assert.True(r.Single(x => x.SkillId == "docker").MinLevel <= 0.25);
        Assert.True(r.Single(x => x.SkillId == "postgresql").MinLevel >= 0.75);
    }

    [Fact]
    public void Skills_we_offer_are_not_requirements()
    {
        var r = Extractor.ExtractRequirements("""
            Требования: Python.
            Мы предлагаем:
            - курсы по Kubernetes за счёт компании
            """);
        Assert.DoesNotContain(r, x => x.SkillId == "kubernetes");
    }

    [Fact]
    public void Requirement_evidence_points_into_the_description()
    {
        const string text = "We need a backend developer. Must have: Go, PostgreSQL.";
        foreach (var req in Extractor.ExtractRequirements(text))
            foreach (var e in req.Evidence)
                Assert.Equal(text[e.Start..e.End], e.Quote);
        Assert.Contains(Extractor.ExtractRequirements(text), x => x.SkillId == "go");
    }

    [Fact]
    public void Empty_description_has_no_requirements() => Assert.Empty(Extractor.ExtractRequirements("  "));
}
