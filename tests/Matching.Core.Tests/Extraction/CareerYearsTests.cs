using Matching.Core.Extraction;

namespace Matching.Core.Tests.Extraction;

/// <summary>
/// The total years of experience a questionnaire states (the default of a profile's yearsOfExperience attribute): the
/// career, not one skill's or one job's years.
/// </summary>
public sealed class CareerYearsTests
{
    private static double? Years(Questionnaire q)
    {
        var result = RealTaxonomy.Extractor.Extract(q, "auto");
        Assert.True(result.Profile is not null, $"extraction failed: {result.Failure}");
        return result.Profile!.YearsOfExperience;
    }

    private static double? Years(string text) => Years(Questionnaire.Text(text));

    [Theory]
    [InlineData("Всем привет, я Дима, джава-бэкендер, 6 лет коммерческого опыта. Пишу на Java и Spring.", 6)]
    [InlineData("Привет! Я Лена, фронтенд-разработчица, 4 года опыта. React, TypeScript.", 4)]
    [InlineData("Дата-инженер, 3 года в профессии. Airflow, Spark, ClickHouse.", 3)]
    [InlineData("I have 10+ years of experience building backends in Go and Python.", 10)]
    [InlineData("Стаж — полтора года, в основном Python и Django.", 1.5)]
    [InlineData("Коротко о себе: 4 года коммерческой разработки на .NET, последние 2,5 года — в логистике.", 4)]
    [InlineData("Around seven years in the industry, mostly Java and Kafka.", 7)]
    [InlineData("Опыт работы в IT — 2,5 года. Пишу на Python.", 2.5)]
    [InlineData("Backend engineer, 8 years on the JVM. Currently a senior engineer in fintech.", 8)]
    [InlineData("Я 6 лет работал программистом 1С, потом перешёл в Python.", 6)]
    [InlineData("I've been a backend developer for 5 years: Go, PostgreSQL, Kafka.", 5)]
    [InlineData("В целом около 4 лет в обработке естественного языка: BERT, трансформеры.", 4)]
    public void A_stated_total_is_read(string text, double expected) => Assert.Equal(expected, Years(text));

    [Theory]
    [InlineData("Java daily for 8 years. Kotlin for the last year on Android.")]
    [InlineData("Go — основной последние 3 года. Python — скрипты и автоматизация.")]
    [InlineData("Опыт с Kafka — 2 года, с PostgreSQL — 5 лет.")]
    [InlineData("Три года назад начал изучать Python, сейчас пишу на нём сервисы.")]
    [InlineData("Работаю с Docker и Kubernetes, опыта в ML нет.")]
    [InlineData("До этого 3 года в аутсорсе: Java 8, Hibernate.")]
    [InlineData("Python основной, C++ для инференса на девайсах (лет 5 коммерчески).")]
    public void Years_of_one_skill_or_one_job_are_not_the_total(string text) => Assert.Null(Years(text));

    [Theory]
    [InlineData("Коммерческий опыт появился два года назад, до этого учился. Python, Django.")]
    [InlineData("I got my first commercial experience two years later, after the bootcamp. Python, Django.")]
    [InlineData("Через 2 года коммерческой разработки стал тимлидом. Python, Django.")]
    [InlineData("Within 2 years of professional work I was leading the team. Python, Django.")]
    public void A_point_in_time_is_not_the_length_of_a_career(string text) => Assert.Null(Years(text));

    [Fact]
    public void The_largest_stated_total_wins()
    {
        Assert.Equal(6, Years("6 лет коммерческого опыта. Последние 3 года — в страховой компании, Java и Spring. " +
            "Из них 2 года коммерческого опыта в финтехе."));
    }

    [Fact]
    public void A_number_of_years_answering_a_question_about_experience_is_the_total()
    {
        var q = Questionnaire.Qa(
            new QaAnswer("Сколько лет у вас коммерческого опыта?", "Около пяти лет, в основном бэкенд на Go."),
            new QaAnswer("С какими базами работали?", "PostgreSQL 3 года, Redis."));
        Assert.Equal(5, Years(q));
    }

    [Fact]
    public void An_answer_that_names_skills_before_its_years_is_not_the_total()
    {
        var q = Questionnaire.Qa(
            new QaAnswer("Расскажите про опыт", "Python 4 года, Go 2 года."));
        Assert.Null(Years(q));
    }
}
