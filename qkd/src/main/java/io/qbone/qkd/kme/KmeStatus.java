package io.qbone.qkd.kme;

/**
 * The answer to ETSI GS QKD 014 {@code status} (clause 6.1), field for field. {@code
 * max_SAE_ID_count} is 0: key multicast to additional slave SAEs is not offered.
 */
public record KmeStatus(
    String sourceKmeId,
    String targetKmeId,
    String masterSaeId,
    String slaveSaeId,
    int keySize,
    long storedKeyCount,
    long maxKeyCount,
    int maxKeyPerRequest,
    int maxKeySize,
    int minKeySize,
    int maxSaeIdCount) {}
