package io.qbone.qkd.kme;

import java.util.UUID;

/** One key of a key container: its ID and its bytes (Base64 on the wire). */
public record DeliveredKey(UUID keyId, byte[] key) {}
