using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

namespace Matching.Core.Tests.Extraction;

/// <summary>A small taxonomy built in code, so that mechanism tests do not depend on the real data file.</summary>
internal static class TestTaxonomy
{
    private static readonly Lazy<SkillTaxonomy> LazyTaxonomy = new(Build);
    private static readonly Lazy<SkillExtractor> LazyExtractor = new(() => new SkillExtractor(Taxonomy));

    public static SkillTaxonomy Taxonomy => LazyTaxonomy.Value;
    public static SkillExtractor Extractor => LazyExtractor.Value;

    private static SkillAlias En(string text) => new(text, "en");
    private static SkillAlias Ru(string text) => new(text, "ru");

    private static SkillDefinition Skill(string id, string name, string category, string[] parents, params SkillAlias[] aliases) =>
        new(id, name, category, parents, [], aliases);

    private static SkillTaxonomy Build() => new("test",
        [
            new SkillCategory("languages", "Languages"), new SkillCategory("ml", "ML"), new SkillCategory("data", "Data"),
            new SkillCategory("devops", "DevOps"), new SkillCategory("backend", "Backend"),
        ],
        [
            Skill("programming-languages", "Programming languages", "languages", []),
            Skill("python", "Python", "languages", ["programming-languages"], En("python"), En("py"), Ru("питон")),
            Skill("java", "Java", "languages", ["programming-languages"], En("java"), Ru("джава")),
            Skill("go", "Go", "languages", ["programming-languages"], En("golang"),
                new SkillAlias("Go", "en", CaseSensitive: true, NeedsContext: true, Exclude: ["go to production"], Note: "English verb")),
            Skill("r", "R", "languages", ["programming-languages"], En("rstudio"),
                new SkillAlias("R", "en", CaseSensitive: true, NeedsContext: true, Exclude: ["R&D"], Note: "a letter")),
            Skill("c", "C", "languages", ["programming-languages"],
                new SkillAlias("C", "en", CaseSensitive: true, NeedsContext: true, Note: "a letter")),
            Skill("cpp", "C++", "languages", ["programming-languages"], En("c++"), En("cpp"),
                new SkillAlias("плюсы", "ru", NeedsContext: true, Note: "also 'advantages'")),
            Skill("csharp", "C#", "languages", ["programming-languages"], En("c#")),
            Skill("scala", "Scala", "languages", ["programming-languages"], En("scala")),
            Skill("machine-learning", "Machine learning", "ml", [], En("machine learning"), En("ml"), Ru("машинное обучение")),
            Skill("deep-learning", "Deep learning", "ml", ["machine-learning"], En("deep learning"), En("dl")),
            Skill("neural-networks", "Neural networks", "ml", ["deep-learning"], En("neural networks"), Ru("нейронные сети"), Ru("нейронки")),
            Skill("object-detection", "Object detection", "ml", ["deep-learning"], En("object detection"), Ru("детекция объектов")),
            Skill("yolo", "YOLO", "ml", ["object-detection"], En("yolo")),
            Skill("resnet", "ResNet", "ml", ["deep-learning"], En("resnet")),
            Skill("mistral", "Mistral", "ml", ["deep-learning"], En("mistral")),
            Skill("gpt", "GPT", "ml", ["deep-learning"], En("gpt")),
            Skill("llama", "Llama", "ml", ["deep-learning"],
                new SkillAlias("llama", "en", NeedsContext: true, Note: "the animal")),
            Skill("llama-cpp", "llama.cpp", "ml", ["deep-learning"], En("llama.cpp")),
            Skill("pytorch", "PyTorch", "ml", ["deep-learning"], En("pytorch"), En("torch"), Ru("пайторч")),
            Skill("tensorflow", "TensorFlow", "ml", ["deep-learning"], En("tensorflow"),
                new SkillAlias("TF", "en", CaseSensitive: true, NeedsContext: true, Exclude: ["tf-idf"], Note: "abbreviation")),
            Skill("keras", "Keras", "ml", ["deep-learning"], En("keras")),
            Skill("tf-idf", "TF-IDF", "ml", ["machine-learning"], En("tf-idf")),
            Skill("recommender-systems", "Recommender systems", "ml", ["machine-learning"],
                En("recommender systems"), Ru("рекомендательная система")),
            Skill("vector-databases", "Vector databases", "data", [], En("vector database"), Ru("векторное хранилище")),
            Skill("data-engineering", "Data engineering", "data", [], En("data engineering"), Ru("дата инженерия")),
            Skill("databases", "Databases", "data", [], En("databases"), Ru("базы данных"), Ru("бд")),
            Skill("postgresql", "PostgreSQL", "data", ["databases"], En("postgresql"), En("postgres"), Ru("постгрес")),
            Skill("mysql", "MySQL", "data", ["databases"], En("mysql")),
            Skill("sqlite", "SQLite", "data", ["databases"], En("sqlite")),
            Skill("mongodb", "MongoDB", "data", ["databases"], En("mongodb"), En("mongo"), Ru("монго"), Ru("монга")),
            Skill("clickhouse", "ClickHouse", "data", ["databases"], En("clickhouse"), Ru("кликхаус")),
            Skill("redis", "Redis", "data", ["databases"], En("redis")),
            Skill("sqlalchemy", "SQLAlchemy", "backend", ["python"], En("sqlalchemy")),
            Skill("asyncpg", "asyncpg", "backend", ["python"], En("asyncpg")),
            Skill("fastapi", "FastAPI", "backend", ["python"], En("fastapi")),
            Skill("kafka", "Kafka", "backend", [], En("kafka"), Ru("кафка")),
            Skill("rabbitmq", "RabbitMQ", "backend", [], En("rabbitmq")),
            Skill("docker", "Docker", "devops", [], En("docker"), Ru("докер")),
            Skill("docker-compose", "Docker Compose", "devops", ["docker"], En("docker-compose")),
            Skill("kubernetes", "Kubernetes", "devops", [], En("kubernetes"), En("k8s"), Ru("кубер")),
            Skill("terraform", "Terraform", "devops", [], En("terraform")),
            Skill("dotnet", ".NET", "backend", [], new SkillAlias(".NET", "en", CaseSensitive: true, Note: "U-Net")),
            Skill("u-net", "U-Net", "ml", ["deep-learning"], En("u-net")),
        ]);
}
