// `GET /v1/environment`: the instance settings clerk-js and Clerk's UI read before anything else. Shaped after
// EnvironmentJSON in @clerk/shared/types (json.d.ts, displayConfig.d.ts, userSettings.d.ts, ...). The instance it
// describes is the one Harbor's README sets up: a development instance (pk_test_), single-session, sign-in by
// email address with a password or an email code, Google as the one social connection, no organizations, no
// billing, no bot protection, sign-up off.
//
// `user_settings.social` is typed as every OAuth provider in @clerk/shared; a real instance lists only the enabled
// ones, so this object is checked against the pieces of the types that are not that map.
import type {
  AuthConfigJSON,
  DisplayConfigJSON,
  OAuthProviderSettings,
  OrganizationSettingsJSON,
  UserSettingsJSON,
} from '@clerk/shared/types'

export const APPLICATION_NAME = 'Harbor (stand-in)'
export const GOOGLE_STRATEGY = 'oauth_google'

type Attribute = UserSettingsJSON['attributes'][keyof UserSettingsJSON['attributes']]

const off: Attribute = {
  enabled: false,
  required: false,
  verifications: [],
  used_for_first_factor: false,
  first_factors: [],
  used_for_second_factor: false,
  second_factors: [],
  verify_at_sign_up: false,
}

export function environmentJson(now: number): Record<string, unknown> {
  const authConfig: AuthConfigJSON = {
    object: 'auth_config',
    id: 'aac_standin',
    single_session_mode: true,
    claimed_at: now - 86_400_000,
    reverification: false,
    preferred_channels: {},
  }
  const displayConfig: DisplayConfigJSON = {
    object: 'display_config',
    id: 'display_config_standin',
    after_sign_in_url: '',
    after_sign_out_all_url: '',
    after_sign_out_one_url: '',
    after_sign_up_url: '',
    after_switch_session_url: '',
    application_name: APPLICATION_NAME,
    branded: false,
    captcha_public_key: null,
    captcha_widget_type: null,
    captcha_public_key_invisible: null,
    captcha_provider: 'turnstile',
    captcha_oauth_bypass: null,
    home_url: '',
    instance_environment_type: 'development',
    logo_image_url: '',
    favicon_image_url: '',
    preferred_sign_in_strategy: 'password',
    sign_in_url: '',
    sign_up_url: '',
    support_email: '',
    theme: {
      buttons: { font_color: '#ffffff', font_family: '', font_weight: '' },
      general: {
        color: '#6c47ff',
        background_color: '#ffffff',
        font_family: '',
        font_color: '#151515',
        label_font_weight: '',
        padding: '',
        border_radius: '',
        box_shadow: '',
      },
      accounts: { background_color: '#ffffff' },
    },
    user_profile_url: '',
    organization_profile_url: '',
    create_organization_url: '',
    after_leave_organization_url: '',
    after_create_organization_url: '',
    show_devmode_warning: false,
    terms_url: '',
    privacy_policy_url: '',
    waitlist_url: '',
    after_join_waitlist_url: '',
  }
  const google: OAuthProviderSettings = {
    enabled: true,
    required: false,
    authenticatable: true,
    strategy: GOOGLE_STRATEGY,
    name: 'Google',
    logo_url: null,
  }
  const userSettings: Omit<UserSettingsJSON, 'social' | 'id' | 'object'> & {
    social: Record<string, OAuthProviderSettings>
  } = {
    attributes: {
      email_address: {
        enabled: true,
        required: true,
        verifications: ['email_code'],
        used_for_first_factor: true,
        first_factors: ['email_code'],
        used_for_second_factor: false,
        second_factors: [],
        verify_at_sign_up: true,
      },
      phone_number: off,
      username: off,
      first_name: { ...off, enabled: true },
      last_name: { ...off, enabled: true },
      password: { ...off, enabled: true, required: true },
      web3_wallet: off,
      authenticator_app: off,
      backup_code: off,
      passkey: off,
    },
    actions: { delete_self: false, create_organization: false },
    social: { [GOOGLE_STRATEGY]: google },
    enterprise_sso: { enabled: false, self_serve_sso: false, self_serve_directory_sync: false },
    sign_in: { second_factor: { required: false, enabled: false } },
    sign_up: {
      allowlist_only: false,
      progressive: true,
      captcha_enabled: false,
      mode: 'restricted',
      legal_consent_enabled: false,
    },
    password_settings: {
      allowed_special_characters: '',
      disable_hibp: true,
      min_length: 8,
      max_length: 72,
      require_special_char: false,
      require_numbers: false,
      require_uppercase: false,
      require_lowercase: false,
      // zxcvbn is loaded on demand from packages clerk-js does not bundle; a real instance has it off by default.
      show_zxcvbn: false,
      min_zxcvbn_strength: 0,
    },
    passkey_settings: { allow_autofill: false, show_sign_in_button: false },
    username_settings: { min_length: 4, max_length: 64 },
    attack_protection: { enumeration_protection: { enabled: false } },
  }
  const organizationSettings: Omit<OrganizationSettingsJSON, 'id' | 'object'> = {
    enabled: false,
    max_allowed_memberships: 0,
    force_organization_selection: false,
    actions: { admin_delete: false },
    domains: { enabled: false, enrollment_modes: [], default_role: null },
    slug: { disabled: false },
    organization_creation_defaults: { enabled: false },
  }
  return {
    object: 'environment',
    id: 'env_standin',
    auth_config: authConfig,
    display_config: displayConfig,
    user_settings: userSettings,
    organization_settings: organizationSettings,
    commerce_settings: {
      object: 'commerce_settings',
      id: 'commerce_settings_standin',
      billing: {
        stripe_publishable_key: null,
        organization: { enabled: false, has_paid_plans: false },
        user: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: {
      object: 'api_keys_settings',
      id: 'api_keys_settings_standin',
      user_api_keys_enabled: false,
      orgs_api_keys_enabled: false,
    },
    protect_config: { object: 'protect_config', id: 'protect_config_standin', loaders: [] },
    maintenance_mode: false,
    client_debug_mode: false,
  }
}
