using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Core.Tests.Extraction;

/// <summary>The candidate-term stage on the small test taxonomy: what it notes, what it leaves alone, how it folds.</summary>
public sealed class CandidateTermTests
{
    private static ExtractedProfile Text(string text)
    {
        var result = TestTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto");
        Assert.True(result.Profile is not null, result.Failure?.Message);
        return result.Profile!;
    }

    private static List<string> Keys(string text) => Text(text).CandidateTerms.Select(t => t.Key).ToList();

    [Fact]
    public void Latin_names_in_a_Russian_sentence_are_noted()
    {
        var terms = Keys("Пишу на Python, деплоим через Werf и собираем образы Kaniko.");
        Assert.Contains("werf", terms);
        Assert.Contains("kaniko", terms);
    }

    [Fact]
    public void An_item_of_a_list_beside_skills_is_noted_even_in_lowercase()
    {
        var terms = Keys("Tools: python, polars, pandas-ish stuff, docker");
        Assert.Contains("polars", terms);
    }

    [Fact]
    public void Product_shaped_and_versioned_names_in_English_prose_are_noted()
    {
        var terms = Keys("I use Python daily and moved our dashboards to StarRocks; we still run Superset 2.1 and Foo3 for reports.");
        Assert.Contains("starrocks", terms);
        Assert.Contains("superset", terms);
        Assert.Contains("foo3", terms);
    }

    [Fact]
    public void Known_skills_common_words_and_sentence_starts_are_not_noted()
    {
        var terms = Keys("Python is my main language. Honestly I like Docker and Kubernetes; Senior engineer at the team, around 500M rows.");
        Assert.DoesNotContain("python", terms);
        Assert.DoesNotContain("docker", terms);
        Assert.DoesNotContain("honestly", terms);
        Assert.DoesNotContain("senior", terms);
        Assert.DoesNotContain("around", terms);
        Assert.Empty(terms);
    }

    [Fact]
    public void A_word_written_on_to_a_skill_name_is_part_of_that_product_not_a_term()
    {
        var terms = Keys("Пишу на Python, храним в ClickHouse Cloud, гоняем Kafka Connect.");
        Assert.DoesNotContain("cloud", terms);
        Assert.DoesNotContain("connect", terms);
    }

    [Fact]
    public void Hardware_models_and_companies_on_their_own_are_not_terms_but_a_product_of_a_company_is()
    {
        var terms = Keys("Работал в Yandex на Python, обучали на A100 и H100s, деплой в Yandex Cloud.");
        Assert.DoesNotContain("yandex", terms);
        Assert.DoesNotContain("a100", terms);
        Assert.DoesNotContain("h100s", terms);
        Assert.Contains("yandex cloud", terms);
    }

    [Fact]
    public void The_organisation_of_an_experience_entry_is_not_a_term()
    {
        var terms = Keys("Работал в Acme Corp бэкенд-разработчиком: писал на Python сервисы, деплоили через Werf.");
        Assert.DoesNotContain("acme corp", terms);
        Assert.Contains("werf", terms);
    }

    [Fact]
    public void A_term_is_counted_once_with_its_most_frequent_spelling_and_at_most_two_short_quotes()
    {
        var text = "Пишу на Python. Дашборды делаю в Superset каждый день. Ещё раз про SUPERSET: отчёты в Superset. "
                   + "И снова Superset, уже в очень длинном предложении, которое тянется и тянется далеко за восемьдесят символов цитаты.";
        var term = Assert.Single(Text(text).CandidateTerms, t => t.Key == "superset");
        Assert.Equal("Superset", term.Display);
        Assert.InRange(term.Examples.Count, 1, CandidateTerms.MaxExamples);
        Assert.All(term.Examples, q => Assert.True(q.Length <= CandidateTerms.MaxQuote, q));
        Assert.Contains("Superset", term.Examples[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_stage_changes_no_skill()
    {
        const string text = "Пишу на Python и Go, деплоим через Werf в Kubernetes; базы PostgreSQL, StarRocks, Redis.";
        var with = Text(text);
        Assert.NotEmpty(with.CandidateTerms);
        Assert.Equal(["go", "kubernetes", "postgresql", "python", "redis"],
            with.Skills.Where(s => s.Source == SkillSource.Mentioned).Select(s => s.SkillId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fold_lowercases_and_joins_words_by_one_space() =>
        Assert.Equal("apache superset", CandidateTerms.Fold("  Apache   Superset "));

    [Fact]
    public void The_stop_list_rejects_an_entry_outside_a_section_and_a_duplicate()
    {
        Assert.Throws<LexiconException>(() => CandidateTerms.StopWords.Parse("word\n[words]\n"));
        Assert.Throws<LexiconException>(() => CandidateTerms.StopWords.Parse("[words]\nfoo\nFoo\n"));
        var parsed = CandidateTerms.StopWords.Parse("# comment\n[words]\nthe\n[names]\nYandex\n");
        Assert.Contains("the", (IReadOnlySet<string>)parsed.Words);
        Assert.Contains("yandex", (IReadOnlySet<string>)parsed.Names);
    }
}
