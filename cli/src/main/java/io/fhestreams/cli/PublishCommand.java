package io.fhestreams.cli;

import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.client.RegistryClientException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe publish}: uploads a compiled model's two artifacts to the registry as its next
 * version, then moves it to the requested stage (production unless told otherwise: publishing is
 * how a version is deployed).
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description =
        "Upload a compiled model (client and server artifacts) to the model registry as a new version.")
public final class PublishCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RegistryTlsOptions registryTls;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "directory written by fhe compile")
  Path model;

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "URL",
      description = "base URL of the model registry")
  URI registry;

  @Option(
      names = "--token",
      required = true,
      defaultValue = "${env:FHE_REGISTRY_TOKEN}",
      paramLabel = "TOKEN",
      description = "bearer token with the publisher role (default: $FHE_REGISTRY_TOKEN)")
  String token;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "model name in the registry (default: the compiled model's name)")
  String name;

  @Option(
      names = "--stage",
      defaultValue = "production",
      paramLabel = "STAGE",
      description =
          "stage of the new version: production (default; the stage the app serves unless"
              + " registry.served.stages says otherwise), staging or archived")
  String stage;

  @Override
  public Integer call() throws Exception {
    Stage wanted = Stage.parse(stage);
    ModelArtifacts artifacts = ModelArtifacts.load(model);
    ModelName modelName = ModelName.of(name != null ? name : artifacts.client().modelName());
    RegistryClient client = registryTls.client(registry, token);
    boolean created = false;
    try {
      client.model(modelName);
    } catch (RegistryClientException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      client.createModel(
          modelName, "published by fhe publish from " + model.toAbsolutePath().getFileName());
      created = true;
    }
    ModelVersionInfo v =
        client.publishVersion(
            modelName,
            model.resolve(ModelArtifacts.CLIENT_FILE),
            model.resolve(ModelArtifacts.SERVER_FILE));
    if (v.stage() != wanted) {
      v = client.setStage(modelName, v.version(), wanted);
    }
    spec.commandLine()
        .getOut()
        .println(
            (created ? "created model " + modelName + "; " : "")
                + "published "
                + modelName
                + " version "
                + v.version()
                + " ("
                + v.parameterSet().value()
                + ", stage "
                + v.stage().wireName()
                + ")");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
