#!/usr/bin/perl
# A Mojolicious::Lite authorization server made of Net::OAuth2::AuthorizationServer 0.28's grants
# (Debian's libnet-oauth2-authorizationserver-perl, on libmojolicious-perl), for
# __tests__/perl-oauth2-server-interop.test.ts. The module's password and client_credentials
# grants check every client, user, scope and refresh token, issue and store every token (its
# default tokens, not JWTs, in memory) and rotate refresh tokens; only the HTTP around them is
# ours, since Mojolicious::Plugin::OAuth2::Server, which would be, is not in Debian.
#   POST /oauth/access_token   grant_type password, client_credentials or refresh_token (a form
#                              body only, as Mojolicious reads parameters); the client by HTTP
#                              Basic, form-decoded (RFC 6749 section 2.3.1), or in the body
#   GET  /api/me               a protected resource: Authorization: Bearer <access token>
#   GET  /ready                200 once listening
# Reads its client and user from server.json in its working directory:
#   {"client_id", "client_secret", "username", "password", "ttl"}
use strict;
use warnings;
use Mojolicious::Lite -signatures;
use Mojo::File qw(path);
use Mojo::JSON qw(decode_json);
use Mojo::Util qw(b64_decode url_unescape);
use Encode qw(decode_utf8);
use Net::OAuth2::AuthorizationServer;

my $config = decode_json( path('server.json')->slurp );

# One store for both grants: the resource accepts a token of either, and the password grant
# knows the refresh tokens it issued.
my ( %access_tokens, %refresh_tokens, %owners );
my %clients = (
  $config->{client_id} => {
    client_secret => $config->{client_secret},
    scopes        => { read => 1, write => 1, admin => 0 },
  },
);
my %common = (
  clients          => \%clients,
  access_tokens    => \%access_tokens,
  refresh_tokens   => \%refresh_tokens,
  access_token_ttl => $config->{ttl} || 3600,
);
my $server = Net::OAuth2::AuthorizationServer->new;
my $password =
  $server->password_grant( %common, users => { $config->{username} => $config->{password} } );
my $client_credentials = $server->client_credentials_grant(%common);

# RFC 6749 section 2.3.1: Basic credentials are form-encoded before base64.
sub form_decode ($text) { $text =~ tr/+/ /; return decode_utf8( url_unescape($text) ) }

sub client_credentials ($c) {
  if ( ( $c->req->headers->authorization // '' ) =~ /^Basic\s+(\S+)$/i ) {
    my ( $id, $secret ) = split /:/, b64_decode($1), 2;
    return ( form_decode( $id // '' ), form_decode( $secret // '' ) );
  }
  return ( $c->param('client_id') // '', $c->param('client_secret') // '' );
}

sub oauth_error ( $c, $error, $description = undef ) {
  $c->res->headers->cache_control('no-store');
  $c->render(
    status => 400,
    json   => { error => $error, defined $description ? ( error_description => $description ) : () }
  );
}

# Issues, stores and answers an access token, and for the password grant a refresh token (the
# old one, when refreshing, revoked with its access token by the module).
sub issue ( $c, $grant, $client_id, $scopes, $requested, $user, $old_refresh ) {
  my $access  = $grant->token( client_id => $client_id, scopes => $scopes, type => 'access' );
  my $refresh = $grant == $password
    ? $grant->token( client_id => $client_id, scopes => $scopes, type => 'refresh' )
    : undef;
  $grant->store_access_token(
    client_id    => $client_id,
    access_token => $access,
    scopes       => $scopes,
    $refresh ? ( refresh_token => $refresh, old_refresh_token => $old_refresh ) : (),
  );
  $owners{$access} = { client_id => $client_id, user => $user };
  $owners{$refresh} = $owners{$access} if $refresh;
  $c->res->headers->cache_control('no-store');
  $c->render(
    json => {
      access_token => $access,
      token_type   => 'Bearer',
      expires_in   => $grant->get_access_token_ttl,
      # RFC 6749 section 5.1: the scope granted, when one was asked or granted.
      ( @$scopes || @$requested ) ? ( scope => join ' ', @$scopes ) : (),
      $refresh ? ( refresh_token => $refresh ) : (),
    }
  );
}

post '/oauth/access_token' => sub ($c) {
  my $grant_type = $c->param('grant_type') // '';
  my @requested  = grep {length} split / /, $c->param('scope') // '';
  my ( $client_id, $client_secret ) = client_credentials($c);
  # Mojolicious::Plugin::OAuth2::Server's words for a request without its parameters (the plugin
  # is not in Debian; the module is): what a JSON body, which Mojolicious does not read, gets.
  return oauth_error( $c, 'invalid_request',
    'the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;'
      . 'or grant_type did not equal "authorization_code" or "refresh_token"' )
    if $grant_type eq '';
  return oauth_error( $c, 'invalid_request', 'client_id is missing' )  if $client_id eq '';

  if ( $grant_type eq 'client_credentials' ) {
    my ( $ok, $error, $scopes ) = $client_credentials->verify_client(
      client_id     => $client_id,
      client_secret => $client_secret,
      scopes        => \@requested,
    );
    return oauth_error( $c, $error // 'server_error' ) if !$ok;
    return issue( $c, $client_credentials, $client_id, $scopes, \@requested, undef, undef );
  }
  if ( $grant_type eq 'password' ) {
    # The client and its scopes, then its secret with the user's password.
    my ( $ok, $error, $scopes ) =
      $password->verify_client( client_id => $client_id, scopes => \@requested );
    return oauth_error( $c, $error // 'server_error' ) if !$ok;
    my $username = $c->param('username') // '';
    ( $ok, $error ) = $password->verify_user_password(
      client_id     => $client_id,
      client_secret => $client_secret,
      username      => $username,
      password      => $c->param('password') // '',
      scopes        => $scopes,
    );
    return oauth_error( $c, $error // 'server_error' ) if !$ok;
    return issue( $c, $password, $client_id, $scopes, \@requested, $username, undef );
  }
  if ( $grant_type eq 'refresh_token' ) {
    # The module checks the refresh token alone: the client authenticates here first.
    my $client = $clients{$client_id};
    return oauth_error( $c, 'invalid_client' )
      if !$client || $client_secret ne $client->{client_secret};
    my $refresh = $c->param('refresh_token') // '';
    my ( $details, $error, $scopes ) = $password->verify_token_and_scope(
      refresh_token => $refresh,
      scopes        => @requested ? \@requested : undef,
    );
    return oauth_error( $c, $error // 'invalid_grant' ) if !$details;
    return oauth_error( $c, 'invalid_grant' ) if $details->{client_id} ne $client_id;
    my $owner = delete $owners{$refresh} // {};
    return issue( $c, $password, $client_id, $scopes // [], \@requested, $owner->{user}, $refresh );
  }
  return oauth_error( $c, 'unsupported_grant_type', "grant_type $grant_type is not supported" );
};

get '/api/me' => sub ($c) {
  my $header = $c->req->headers->authorization;
  my ( $details, $error, $scopes ) = $password->verify_token_and_scope( auth_header => $header );
  if ( !$details ) {
    $c->res->headers->www_authenticate('Bearer error="invalid_token"');
    return $c->render( status => 401, json => { error => $error // 'invalid_token' } );
  }
  my $owner = $owners{ ( split / /, $header )[1] } // {};
  $c->render(
    json => { client_id => $owner->{client_id}, user => $owner->{user}, scope => $scopes // [] } );
};

get '/ready' => { text => 'ready' };

app->start;
