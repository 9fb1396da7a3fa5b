"""Word lists that type noun phrases by their head and trim uninformative words.

Kept apart from the components so that a rule change is a data change. Every entry
is lower-case; heads are matched on the singular form of the last word.
"""

from __future__ import annotations

# Head word (singular, lower-case) -> entity type.
HEAD_TYPES: dict[str, str] = {
    **dict.fromkeys([
        "dataset", "data set", "corpus", "corpora", "benchmark", "treebank", "testbed",
    ], "dataset"),
    **dict.fromkeys([
        "accuracy", "precision", "recall", "f1", "f1-score", "f-score", "f-measure", "bleu",
        "rouge", "meteor", "perplexity", "auc", "roc", "map", "fid", "psnr", "ssim", "lpips",
        "error rate", "wer", "cer", "mse", "rmse", "mae", "latency", "throughput", "regret",
        "top-1", "top-5", "ndcg", "mrr", "iou", "miou", "exact match", "pass@1",
    ], "metric"),
    **dict.fromkeys([
        "classification", "detection", "segmentation", "recognition", "translation",
        "generation", "summarization", "summarisation", "answering", "retrieval",
        "forecasting", "parsing", "tracking", "captioning", "reasoning", "completion",
        "inpainting", "synthesis", "localization", "localisation", "clustering",
        "tagging", "labeling", "labelling", "understanding", "modeling", "modelling",
        "estimation", "prediction", "planning", "navigation", "manipulation",
        "reconstruction", "recommendation", "compression", "editing", "alignment",
        "unlearning", "discovery", "extraction", "identification", "verification",
        "denoising", "super-resolution", "matching", "ranking", "search", "control",
        "comprehension", "quantification",
    ], "task"),
    **dict.fromkeys([
        "network", "net", "model", "algorithm", "method", "approach", "architecture",
        "transformer", "encoder", "decoder", "autoencoder", "optimizer", "optimiser",
        "descent", "kernel", "mechanism", "technique", "framework", "layer", "normalization",
        "normalisation", "regularization", "regularisation", "dropout", "attention",
        "embedding", "tuning", "fine-tuning", "finetuning", "pruning", "quantization",
        "quantisation", "distillation", "sampler", "sampling", "decomposition",
        "initialization", "initialisation", "augmentation", "adaptation", "gan", "rnn",
        "cnn", "lstm", "mlp", "process", "machine", "forest", "tree", "policy",
        "estimator", "solver", "operator", "classifier", "regressor", "pipeline",
        "strategy", "scheme", "procedure", "heuristic", "objective", "loss", "function",
        "training", "pretraining", "pre-training", "learning", "prompting", "decoding",
        "inference", "gradient", "backpropagation", "flow", "diffusion", "agent",
        "system", "module", "block", "unit", "head", "policy optimization", "perceptron",
        "llm", "lm", "vlm", "mllm", "slm", "plm",
    ], "method"),
}

# Heads that make a multi-word term a measured quantity ("computational cost", "relative
# error", "memory footprint") when the model calls it a scientific term.
METRIC_PHRASE_HEADS = frozenset({
    "error", "cost", "overhead", "speedup", "footprint", "efficiency", "ratio", "correlation",
    "accuracy", "score", "runtime", "latency", "throughput", "perplexity", "divergence",
})

# Words that say nothing on their own, whatever a source calls them ("Code is available
# at ...", "the parameters", "training"); in a longer phrase they are fine.
SINGLE_WORD_NOISE = frozenset({
    "code", "training", "inference", "parameter", "layer", "feature", "input", "output",
    "value", "example", "sample", "instance", "step", "term", "point", "size", "scale",
    "level", "order", "form", "type", "way", "case", "part", "use", "end", "fact", "set",
    "number", "amount", "variety", "range", "lot", "data", "model", "result", "work",
    "performance", "baseline", "setting", "version", "variant", "component", "module", "sota",
})

# Acronyms that look like coined names but name hardware or file formats: concepts.
NOT_METHODS = frozenset({"gpu", "cpu", "tpu", "npu", "fpga", "asic", "api", "pdf", "json",
                         "html", "http", "url", "ram", "ssd", "cuda"})

# Names of software, platforms and organisations that models misread as datasets.
NOT_DATASETS = frozenset({"cuda", "github", "openai", "google", "meta", "microsoft", "deepmind",
                          "huggingface", "hugging face", "pytorch", "tensorflow", "jax", "python",
                          "c++", "c++/cuda", "gpu", "cpu", "tpu", "arxiv"})

# Head words that make a named phrase a dataset ("the WSJ corpus", "MMLU benchmark").
DATASET_WORDS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora",
                           "treebank", "collection", "suite"})

# "X learning" is a method unless X names a problem setting, which makes it a task.
LEARNING_SETTINGS = frozenset({
    "continual", "lifelong", "incremental", "class-incremental", "few-shot", "zero-shot",
    "one-shot", "multi-task", "multitask", "online", "open-world", "domain-incremental",
})

# Heads too vague to be an entity on their own or with only vague modifiers.
GENERIC_HEADS = frozenset({
    "method", "approach", "framework", "model", "technique", "system", "algorithm",
    "paper", "work", "result", "performance", "problem", "task", "data", "experiment",
    "study", "analysis", "way", "end", "fact", "number", "set", "part", "case", "use",
    "issue", "challenge", "limitation", "advantage", "benefit", "improvement", "gain",
    "effect", "impact", "role", "property", "aspect", "type", "kind", "form", "order",
    "lot", "range", "variety", "amount", "level", "degree", "terms", "term", "insight",
    "understanding", "question", "answer", "idea", "goal", "need", "ability", "capability",
    "evidence", "finding", "contribution", "setting", "scenario", "application", "field",
    "area", "domain", "community", "researcher", "user", "people", "time", "cost",
    "process", "step", "stage", "component", "module", "strategy", "scheme", "procedure",
    "function", "version", "variant", "baseline", "state", "art", "manner", "context",
    "information", "knowledge", "size", "scale", "quality", "behavior", "behaviour",
    "paradigm", "line", "direction", "attempt", "effort", "solution", "tool", "design",
    "mechanism", "objective", "loss", "value", "parameter", "point", "example", "sample",
    "instance", "input", "output", "feature", "representation", "structure", "space",
    "distribution", "method", "theory", "principle", "notion", "concept", "view",
    "perspective", "account", "observation", "phenomenon", "regime", "condition",
    "requirement", "constraint", "trade-off", "tradeoff", "bound", "guarantee", "rate",
    "speed", "efficiency", "effectiveness", "accuracy", "robustness", "generalization",
    "extent", "depth", "width", "length", "dimension", "variety", "family", "class",
    "group", "series", "collection", "suite", "body", "source", "code", "implementation",
    "module", "unit", "block", "head", "layer", "agent", "pipeline", "training",
    "learning", "inference", "experiment", "evaluation", "comparison", "benchmark",
    "dataset", "corpus", "metric", "score", "measure", "prediction", "generation",
    "network", "net", "architecture", "gradient", "control", "search", "discovery",
    "estimation", "extraction", "identification", "matching", "ranking", "editing",
    "planning", "synthesis", "flow", "machine", "tree", "policy", "operator", "kernel",
})

# Words that name nothing when they stand alone (with determiners or evaluative words
# at most): "the method", "our novel framework". Narrower than GENERIC_HEADS, which also
# holds heads that are vague only for head-word typing ("features", "generation").
GENERIC_NAMES = frozenset({
    "method", "approach", "framework", "model", "technique", "system", "algorithm",
    "architecture", "paper", "work", "task", "problem", "result", "performance", "solution",
    "tool", "strategy", "scheme", "procedure", "mechanism", "module", "component", "variant",
    "version", "baseline", "formulation", "idea", "methodology", "process", "design",
    "implementation", "application", "study", "analysis", "one", "way",
})

# Whole phrases (compacted: lower-case letters and digits, last word singular) that
# name nothing: boilerplate of abstracts.
STOP_PHRASES = frozenset({
    "stateoftheart", "futureresearch", "futurework", "computationalresource",
    "computationalcost", "extensiveexperiment", "experimentalresult", "empiricalresult",
    "numericalexperiment", "realworld", "widerange", "largenumber", "recentyear",
    "recentwork", "recentadvance", "thispaper", "ourmethod", "ourapproach", "keyidea",
    "competitiveperformance", "superiorperformance", "strongperformance", "betterperformance",
    "goodperformance", "stateoftheartperformance", "stateoftheartmethod", "openquestion",
    "theoreticalanalysis", "empiricalevidence", "empiricalstudy", "extensiveevaluation",
    "fasterconvergence", "largescale", "smallscale", "highdimension", "longhistory",
    "downstreamtask", "varioustask", "differenttask", "manytask", "newtask", "specifictask",
    "realworldapplication", "practicalapplication", "futuredirection", "priorwork",
})

# Words dropped from the start of a phrase: determiners, possessives, evaluative words.
LEADING_NOISE = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "our", "their", "its", "his", "her",
    "my", "your", "we", "they", "it", "such", "each", "every", "any", "all", "both", "some",
    "many", "several", "various", "multiple", "different", "other", "another", "same",
    "novel", "new", "proposed", "introduced", "presented", "aforementioned", "existing", "previous", "prior", "current", "recent",
    "conventional", "traditional", "standard", "popular", "typical", "common", "simple",
    "effective", "efficient", "powerful", "strong", "superior", "better", "best", "good",
    "great", "significant", "substantial", "extensive", "comprehensive", "general",
    "generic", "specific", "particular", "certain", "key", "main", "important", "crucial",
    "critical", "fundamental", "widespread", "rich", "whole", "entire", "full", "complete",
    "further", "additional", "first", "second", "third", "one", "two", "three", "four",
    "five", "only", "also", "more", "most", "less", "least", "very", "highly", "much",
    "state-of-the-art", "sota", "well-known", "widely-used", "so-called", "respective",
    "corresponding", "original", "underlying", "resulting", "overall", "given", "whose",
    "which", "what", "unified", "promising", "remarkable", "impressive", "diverse",
    "challenging", "real-world", "practical", "wide", "broad", "high", "higher", "low",
    "lower", "desired", "improved", "enhanced", "better", "faster", "slower", "e.g.", "i.e.",
    "eg", "ie", "etc", "cf.", "namely", "including", "inherent", "insufficient", "sufficient",
    "considerable", "excessive", "notable",
})

# Words that cannot end an entity phrase (they would be sentence fragments).
TRAILING_NOISE = frozenset({"-", "(", ")", ",", ".", ";", ":", "'s", "'", '"'})

PRONOUNS = frozenset({
    "we", "us", "they", "them", "it", "itself", "this", "that", "these", "those", "which",
    "who", "what", "one", "ones", "i", "you", "he", "she", "themselves", "ourselves",
})

# Verbs that introduce what a paper proposes.
PROPOSAL_VERBS = frozenset({
    "propose", "introduce", "present", "develop", "design", "devise", "build", "create",
    "release", "construct", "curate", "collect", "establish", "contribute", "offer",
})
NAMING_WORDS = frozenset({"named", "called", "dubbed", "termed", "coined", "nicknamed", "namely"})


def _inflections(verb: str) -> set[str]:
    """Regular forms of a verb: propose -> proposes, proposed, proposing (builds -> built too)."""
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {verb, verb + "s", stem + "ed", stem + "ing"}
    return forms | ({"built"} if verb == "build" else set())


# Every form of a proposal verb, so that no lemmatizer has to run for this one test.
PROPOSAL_VERB_FORMS = frozenset(form for verb in PROPOSAL_VERBS for form in _inflections(verb))
