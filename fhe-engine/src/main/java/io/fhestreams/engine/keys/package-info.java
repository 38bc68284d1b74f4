/**
 * Key roles and the integer facade.
 *
 * <ul>
 *   <li>{@link io.fhestreams.engine.keys.ClientKey} — the secret (small LWE key + GLWE key +
 *       parameter set). Encrypts and decrypts integers; derives the evaluation keys. Material is
 *       read only with {@link io.fhestreams.engine.keys.InsecureSecretKeyAccess#get()}.
 *   <li>{@link io.fhestreams.engine.keys.EvaluationKeys} — what a server gets: the Fourier
 *       bootstrap key and the key-switching key.
 *   <li>{@link io.fhestreams.engine.keys.Evaluator} — server-side integer operations: leveled
 *       arithmetic, lookup tables through programmable bootstrapping, batches on all cores.
 *   <li>{@link io.fhestreams.engine.keys.MessageEncoding} — integers to plaintexts and back.
 * </ul>
 *
 * <p>A linear model on the leveled set (exact, no bootstrap; signed 24-bit results):
 *
 * <pre>{@code
 * ParameterSet leveled = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
 * ClientKey client = ClientKey.generate(leveled);                  // client side, secret
 * Evaluator server = new Evaluator(client.generateEvaluationKeys()); // server side
 * LweCiphertext[] x = client.encrypt(new long[] {3, -5, 7});
 * LweCiphertext y = server.addClear(server.dot(x, new long[] {2, 4, -1}), 10);
 * long result = client.decrypt(y);                                  // 3*2 - 5*4 - 7 + 10 = -11
 * }</pre>
 *
 * <p>A lookup table on the 4-bit set (messages in [0, 16), one bootstrap each):
 *
 * <pre>{@code
 * ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
 * ClientKey client = ClientKey.generate(p);
 * Evaluator server = new Evaluator(client.generateEvaluationKeys()); // seconds: KSK + Fourier BSK
 * LookupTable relu = server.lookupTable(v -> v >= 8 ? 0 : v);       // reads 4-bit two's complement
 * LweCiphertext z = server.addClear(server.multiplyClear(client.encrypt(3), 2), 1); // 7
 * LweCiphertext out = server.bootstrap(z, relu);                   // fresh noise, relu(7) = 7
 * LweCiphertext[] many = server.bootstrapAll(client.encrypt(new long[] {1, 9}), relu); // all cores
 * long r = client.decrypt(out);
 * long phase = client.decryptPhase(out);                           // noise = phase - r * p.delta()
 * }</pre>
 *
 * Leveled results on a PBS set must stay in [0, 2^messageBits) before a bootstrap (the padding
 * bit).
 */
package io.fhestreams.engine.keys;
