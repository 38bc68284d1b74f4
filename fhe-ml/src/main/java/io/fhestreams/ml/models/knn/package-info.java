/**
 * The k-nearest-neighbours family (Concrete ML's {@code KNeighborsClassifier}) with the life cycle
 * every model shares ({@link io.fhestreams.ml.models.FheModel}): {@link
 * io.fhestreams.ml.models.knn.NeighborSet} holds the fitted points and labels (read from a
 * scikit-learn export or a CSV), {@link io.fhestreams.ml.models.knn.KnnLowering} lowers them to a
 * circuit of encrypted distances, a comparison network and a vote.
 */
package io.fhestreams.ml.models.knn;
