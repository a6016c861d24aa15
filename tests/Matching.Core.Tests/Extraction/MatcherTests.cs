using Matching.Core.Extraction;

namespace Matching.Core.Tests.Extraction;

public sealed class MatcherTests
{
    private static readonly SkillMatcher Matcher = TestTaxonomy.Extractor.Matcher;

    private static List<string> Ids(string text) => Matcher.FindMentions(text).Select(m => m.SkillId).ToList();

    [Theory]
    [InlineData("Научные исследования по теме машинного обучения", "machine-learning")]
    [InlineData("Elasticsearch для векторного хранилища", "vector-databases")]
    [InlineData("Разработка рекомендательной системы на основе контента", "recommender-systems")]
    [InlineData("архитектуры на основе нейронных сетей", "neural-networks")]
    [InlineData("Машинное обучение и ещё раз машинном обучении", "machine-learning")]
    [InlineData("работал с постгресом и пайторчем", "postgresql")]
    public void Inflected_russian_forms_match_the_base_alias(string text, string expected) =>
        Assert.Contains(expected, Ids(text));

    [Theory]
    [InlineData("llama.cpp")]
    [InlineData("llama-cpp")]
    [InlineData("llama cpp")]
    [InlineData("LLAMA.CPP")]
    [InlineData("llamacpp")]
    public void Punctuation_inside_a_name_is_flexible(string text) =>
        Assert.Equal(["llama-cpp"], Ids(text));

    [Theory]
    [InlineData("YOLOv8-v10", "yolo")]
    [InlineData("mistral7b", "mistral")]
    [InlineData("ResNet50", "resnet")]
    [InlineData("python3.11", "python")]
    [InlineData("GPT-4o", "gpt")]
    [InlineData("PostgreSQL 15", "postgresql")]
    public void Version_suffixes_are_stripped(string text, string expected) =>
        Assert.Equal([expected], Ids(text));

    [Fact]
    public void Version_suffix_stays_when_the_bare_form_is_no_alias() =>
        Assert.Empty(Ids("t5 and h100 and b2b"));

    [Fact]
    public void Lists_give_one_mention_per_item()
    {
        Assert.Equal(["docker", "docker-compose"], Ids("docker/docker-compose"));
        Assert.Equal(["asyncpg", "sqlalchemy", "fastapi"], Ids("asyncpg, SQLAlchemy 2.0 + FastApi").ToList());
        Assert.Equal(["tensorflow", "keras"], Ids("TF/Keras"));
    }

    [Fact]
    public void Cpp_and_csharp_keep_their_marks()
    {
        Assert.Equal(["cpp"], Ids("C++"));
        Assert.Equal(["csharp"], Ids("C#"));
        Assert.Equal(["cpp", "csharp"], Ids("C++/C#"));
    }

    [Fact]
    public void Longest_alias_wins_over_the_words_inside_it()
    {
        Assert.Equal(["tf-idf"], Ids("бейзлайн на TF-IDF"));
        Assert.Equal(["llama-cpp"], Ids("инференс через llama.cpp"));
    }

    [Fact]
    public void Whole_words_only() => Assert.Empty(Ids("pythonic mongoose redistribution"));

    [Fact]
    public void Case_sensitive_alias_needs_its_capitalisation()
    {
        Assert.DoesNotContain("go", Ids("we go home"));
        Assert.Contains("go", Ids("пишу на Go"));
        Assert.DoesNotContain("dotnet", Ids("U-Net and a neural net"));
        Assert.Contains("dotnet", Ids(".NET 8"));
    }

    [Fact]
    public void Exclusion_phrase_cancels_the_alias_inside_it()
    {
        Assert.DoesNotContain("r", Ids("moved to an R&D lab"));
        Assert.DoesNotContain("go", Ids("We Go to production daily"));
        Assert.Contains("r", Ids("R and Python"));
    }

    [Fact]
    public void Mixed_scripts_and_lookalike_letters_are_read()
    {
        Assert.Contains("docker", Ids("деплой Docker'ом"));
        Assert.Contains("python", Ids("Pythonом пользуюсь"));
        Assert.Contains("python", Ids("Pуthon")); // Cyrillic у
    }

    [Fact]
    public void Person_noun_is_not_the_discipline_on_the_same_stem()
    {
        Assert.Contains("data-engineering", Ids("занимаюсь дата-инженерией"));
        Assert.DoesNotContain("data-engineering", Ids("этим занимаются дата-инженеры"));
    }

    [Fact]
    public void Ambiguous_plural_slang_matches_only_plural_forms()
    {
        Assert.Contains("cpp", Ids("пишу на плюсах"));
        Assert.DoesNotContain("cpp", Ids("плюс Hadoop-кластер"));
    }

    [Theory]
    [InlineData("постгреса", "postgresql", false)]
    [InlineData("YOLOv8", "yolo", false)]
    [InlineData("Llama-3-8B", "llama", false)]
    [InlineData("пайторч", "pytorch", true)]
    [InlineData("Postgres", "postgresql", true)]
    public void Free_term_resolves_through_stems_and_versions(string term, string expected, bool exact)
    {
        var hit = Assert.Single(Matcher.Resolve(term));
        Assert.Equal(expected, hit.Skill.Id);
        Assert.Equal(exact, hit.Exact);
    }

    [Fact]
    public void Free_term_naming_several_skills_returns_each() =>
        Assert.Equal(["python", "docker"], Matcher.Resolve("python и docker").Select(r => r.Skill.Id));

    [Fact]
    public void Unknown_term_resolves_to_nothing() => Assert.Empty(Matcher.Resolve("квантовая гравитация"));
}
