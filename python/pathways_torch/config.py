"""The RNN-T architecture as the engine's plain-data config (src/engine/model/config.ts, camelCase keys), with the
engine's defaults filled in. Configs come from the app (a run's sidecar or job spec), already validated there;
this checks only what the model code relies on."""

DEFAULTS = {
    "inputDim": 80,
    "subsampling": 4,
    "subsamplingChannels": 64,
    "convModule": False,
    "convKernel": 15,
    "lookAhead": 0,
    "maxFrames": 1500,
    "dropout": 0,
}
PREDICTOR_DEFAULTS = {"context": 2, "hiddenDim": 320, "layers": 1}
REQUIRED = ["dModel", "heads", "ffnDim", "layers", "segmentLength", "leftContext", "predictor", "joinerDim", "vocabSize"]


def parse_config(raw):
    """A complete config dict from an engine config (defaults filled in); raises naming a missing field."""
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise ValueError(f"RNN-T config lacks {', '.join(missing)}")
    config = {**DEFAULTS, **raw}
    config["predictor"] = {**PREDICTOR_DEFAULTS, **raw["predictor"]}
    if config["predictor"]["kind"] not in ("stateless", "lstm"):
        raise ValueError(f"config.predictor.kind must be stateless or lstm, got {config['predictor']['kind']}")
    if config["subsampling"] not in (4, 6):
        raise ValueError(f"config.subsampling must be 4 or 6, got {config['subsampling']}")
    if config["dModel"] % config["heads"]:
        raise ValueError(f"dModel {config['dModel']} is not divisible by heads {config['heads']}")
    return config


def subsampled_feature_dim(input_dim, subsampling):
    """Frequency bins left after the two valid convolutions of the subsampling front end."""
    after_first = (input_dim - 3) // 2 + 1
    return (after_first - 3) // 2 + 1 if subsampling == 4 else (after_first - 5) // 3 + 1


def second_conv_geometry(subsampling):
    """(kernel, stride) of the second subsampling convolution (the first is 3x3, stride 2)."""
    return (3, 2) if subsampling == 4 else (5, 3)


def subsampled_length(frames, subsampling):
    """Encoder frames produced from `frames` feature frames."""
    stride, field = (4, 7) if subsampling == 4 else (6, 11)
    return 0 if frames < field else (frames - field) // stride + 1


def predictor_output_dim(config):
    p = config["predictor"]
    return p["embeddingDim"] if p["kind"] == "stateless" else p["hiddenDim"]
