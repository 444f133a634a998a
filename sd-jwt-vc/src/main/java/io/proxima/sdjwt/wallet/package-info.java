/**
 * The wallet side: {@link io.proxima.sdjwt.wallet.HeldCredential} is a credential with its holder
 * key (loaded from files); {@link io.proxima.sdjwt.wallet.SdJwtPresenter} is the flow's
 * presentation provider that matches the DCQL query, discloses the minimal set of claims and adds
 * the Key Binding JWT; {@link io.proxima.sdjwt.wallet.PresentationPlan} shows what it would
 * present before it does.
 */
@NullMarked
package io.proxima.sdjwt.wallet;

import org.jspecify.annotations.NullMarked;
