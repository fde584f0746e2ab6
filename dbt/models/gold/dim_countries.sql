-- One row per listener country (ISO 3166-1 alpha-2) seen in any event; events without a
-- country have no row here.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

located_events as (
    select * from listen_events
    where country is not null
),

final as (
    select
        country,
        min(played_at) as first_seen_at,
        max(played_at) as last_seen_at
    from located_events
    group by country
)

select * from final
