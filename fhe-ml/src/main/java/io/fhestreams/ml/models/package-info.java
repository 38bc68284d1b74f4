/**
 * Models with one life cycle, after Concrete ML's estimators: {@link
 * io.fhestreams.ml.models.FheModels#load} reads a model file and recognises its family, {@link
 * io.fhestreams.ml.models.FheModel#compile compile(calibration, options)} quantizes and compiles
 * it, {@link io.fhestreams.ml.models.FheModel#predict predict(x, ExecutionMode)} runs it. The
 * linear family's classes ({@link io.fhestreams.ml.models.FheLinearModel} and its thin importers,
 * one per post-processing) live here; tree ensembles and neural nets in the sub-packages.
 */
package io.fhestreams.ml.models;
