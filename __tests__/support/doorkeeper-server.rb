# Doorkeeper (Debian's ruby-doorkeeper 5.5, Rails 6.1) on 127.0.0.1, on a free port.
#
# Run by doorkeeper.ts with Debian's /usr/bin/ruby. ARGV[0] is the path of a JSON file: the data
# directory (the SQLite database goes there), the user and the applications. One Rails app in
# this file: ActiveRecord on SQLite, Doorkeeper configured in code (password and
# client_credentials grants, refresh tokens, default and optional scopes, introspection), its
# tables created at start, the applications and the user seeded, and a protected resource at
# /api/me. It prints {"kind":"ready","port":N}, then one line per request answered (method, path,
# status, content type, auth scheme, the names of the parameters Rails read; never a value), and
# stops when its stdin closes.
#
# With "openidConnect" in the JSON ({"signingKey": the path of an RSA key in PEM}), it also loads
# Debian's ruby-doorkeeper-openid-connect 1.8 as its generator's initializer sets it up: scope
# openid, ID tokens signed RS256 with that key, the discovery document at
# /.well-known/openid-configuration, JWKS at /oauth/discovery/keys, userinfo, issuer the server's
# origin (known once the port is).
# POST /test/issuer (form: mode=origin|block|none) sets the issuer as a string, as a block (the
# generator's form), or not at all, to see what discovery then serves.
require "json"

CONFIG = JSON.parse(File.read(ARGV[0]))
ENV["RAILS_ENV"] = "production"
ENV["DATABASE_URL"] = "sqlite3:#{CONFIG.fetch("dir")}/db.sqlite3"

require "logger"
require "rails"
require "active_record/railtie"
require "action_controller/railtie"
require "doorkeeper"
OIDC = CONFIG["openidConnect"]
require "doorkeeper/openid_connect" if OIDC
require "webrick"
require "rack/handler/webrick"

# One line per request the server answered, written before the answer is sent: once the client
# has the answer, its line is in the pipe.
class Report
  LOCK = Mutex.new

  def self.write(message)
    LOCK.synchronize do
      $stdout.write("#{JSON.generate(message)}\n")
      $stdout.flush
    end
  end

  def initialize(app)
    @app = app
  end

  def call(env)
    # Before the call: Rails' exceptions app rewrites PATH_INFO to that of its error page.
    method, path = env.values_at("REQUEST_METHOD", "PATH_INFO")
    status, headers, body = @app.call(env)
    params = env["action_dispatch.request.request_parameters"]
    Report.write(
      kind: "request",
      method: method,
      path: path,
      status: status.to_i,
      contentType: env["CONTENT_TYPE"].to_s,
      authorization: env["HTTP_AUTHORIZATION"].to_s.split(" ").first.to_s,
      params: params.is_a?(Hash) ? params.keys.sort : [],
      wwwAuthenticate: headers["WWW-Authenticate"].to_s.split(" ").first.to_s,
    )
    [status, headers, body]
  end
end

class DoorkeeperInterop < Rails::Application
  config.root = CONFIG.fetch("dir")
  config.eager_load = false
  config.secret_key_base = "doorkeeper-interop-test-only"
  config.logger = Logger.new(nil)
  config.log_level = :fatal
  config.active_record.logger = nil
  config.consider_all_requests_local = false
  config.action_dispatch.show_exceptions = true
  config.filter_parameters += %i[password secret token]
  config.middleware.insert(0, Report)
end

Doorkeeper.configure do
  orm :active_record
  api_only
  base_controller "ActionController::API"
  grant_flows %w[password client_credentials]
  use_refresh_token
  access_token_expires_in CONFIG.fetch("accessTokenLifetime")
  default_scopes :read
  optional_scopes(*%i[write admin], *(OIDC ? %i[openid] : []))
  enforce_configured_scopes
  resource_owner_from_credentials do |_routes|
    user = User.find_by(username: params[:username].to_s)
    user if user && ActiveSupport::SecurityUtils.secure_compare(user.password, params[:password].to_s)
  end
  # Any authenticated client may introspect any token: the tests check each with one client.
  allow_token_introspection { |_token, authorized_client, _authorized_token| authorized_client.present? }
end

DoorkeeperInterop.initialize!

class User < ActiveRecord::Base; end

class MeController < ActionController::API
  before_action :doorkeeper_authorize!

  def show
    owner = User.find_by(id: doorkeeper_token.resource_owner_id)
    render json: { user: owner&.username, client: doorkeeper_token.application.uid }
  end
end

DoorkeeperInterop.routes.draw do
  use_doorkeeper
  if OIDC
    use_doorkeeper_openid_connect
    post "test/issuer", to: proc { |env|
      issuer = { "origin" => ORIGIN.call, "block" => proc { |_owner, _app| ORIGIN.call }, "none" => nil }
      mode = Rack::Request.new(env).POST["mode"]
      next [400, {}, []] unless issuer.key?(mode)
      Doorkeeper::OpenidConnect.configuration.instance_variable_set(:@issuer, issuer[mode])
      [204, {}, []]
    }
  end
  get "api/me", to: "me#show"
  get "settled", to: proc { [204, {}, []] }
end

# The tables of Doorkeeper's generator (migration.rb.erb), without the authorization grants'.
ActiveRecord::Migration.verbose = false
ActiveRecord::Schema.define do
  create_table :users do |t|
    t.string :username, null: false
    t.string :password, null: false
  end
  create_table :oauth_applications do |t|
    t.string :name, null: false
    t.string :uid, null: false, index: { unique: true }
    t.string :secret, null: false
    t.text :redirect_uri
    t.string :scopes, null: false, default: ""
    t.boolean :confidential, null: false, default: true
    t.timestamps null: false
  end
  create_table :oauth_access_tokens do |t|
    t.references :resource_owner, index: true
    t.references :application, null: false
    t.string :token, null: false, index: { unique: true }
    t.string :refresh_token, index: { unique: true }
    t.integer :expires_in
    t.datetime :revoked_at
    t.datetime :created_at, null: false
    t.string :scopes
    # With this column, a refresh token is revoked once the access token it bought is used.
    t.string :previous_refresh_token, null: false, default: ""
  end
end

User.create!(CONFIG.fetch("user").slice("username", "password"))
CONFIG.fetch("applications").each do |app|
  Doorkeeper::Application.create!(
    name: app.fetch("id"), uid: app.fetch("id"), secret: app.fetch("secret"),
    redirect_uri: "", scopes: app.fetch("scopes"), confidential: true,
  )
end

server = WEBrick::HTTPServer.new(
  BindAddress: "127.0.0.1", Port: 0, AccessLog: [], Logger: WEBrick::Log.new(File::NULL),
)
server.mount("/", Rack::Handler::WEBrick, DoorkeeperInterop)
ORIGIN = -> { "http://127.0.0.1:#{server.config[:Port]}" }
if OIDC
  # Once the port is known, for the issuer. As the generator's initializer, filled in: its subject
  # example (resource_owner.id) too, which fails for a token without a user (client_credentials).
  Doorkeeper::OpenidConnect.configure do
    issuer ORIGIN.call
    signing_key File.read(OIDC.fetch("signingKey"))
    subject_types_supported [:public]
    # Production serves https:// URLs in the document; this server is plain http on loopback.
    protocol { :http }
    resource_owner_from_access_token { |access_token| User.find_by(id: access_token.resource_owner_id) }
    auth_time_from_resource_owner { |_owner| nil }
    reauthenticate_resource_owner { |_owner, _return_to| nil }
    select_account_for_resource_owner { |_owner, _return_to| nil }
    subject { |owner, _application| owner.id }
  end
end
Thread.new { server.start }
Report.write(kind: "ready", port: server.config[:Port])
# The parent closes stdin to stop the server, or dies, which closes it too.
$stdin.read
server.shutdown
