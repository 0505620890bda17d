"""Builds model.onnx: a Gemm + Sigmoid failure-probability model over 4 signals x 5 aggregations.

Made outside fleetgate on purpose (Debian's python3-onnx and numpy), to show that a model from
another tool registers the same way. Run from this folder:  /usr/bin/python3 make_gemm_sigmoid.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIGNALS = ["vibration_rms", "bearing_temp", "motor_current", "pressure"]
AGGREGATIONS = ["mean", "std", "min", "max", "slope"]
N_FEATURES = len(SIGNALS) * len(AGGREGATIONS)  # 20, signal-major like the manifest

rng = np.random.default_rng(20240101)
weights = (rng.normal(0.0, 0.05, size=(N_FEATURES, 1))).astype(np.float32)
bias = np.array([-2.0], dtype=np.float32)

graph = helper.make_graph(
    nodes=[
        helper.make_node("Gemm", ["features", "W", "b"], ["logit"], name="gemm", transB=0),
        helper.make_node("Sigmoid", ["logit"], ["prob"], name="sigmoid"),
    ],
    name="gemm_sigmoid_failure",
    inputs=[helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", N_FEATURES])],
    outputs=[helper.make_tensor_value_info("prob", TensorProto.FLOAT, ["N", 1])],
    initializer=[numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "b")],
)
model = helper.make_model(graph, producer_name="python3-onnx", opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)
onnx.save(model, "model.onnx")

# Reference outputs written into the spec that runs this model.
rows = np.stack([
    np.zeros(N_FEATURES),
    np.arange(N_FEATURES, dtype=np.float64),
    10 * np.sin(np.arange(N_FEATURES, dtype=np.float64)),
]).astype(np.float32)
logits = rows.astype(np.float64) @ weights.astype(np.float64) + bias.astype(np.float64)
print("probabilities:", [f"{p:.7f}" for p in (1 / (1 + np.exp(-logits))).ravel()])
