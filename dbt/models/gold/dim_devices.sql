-- One row per device type seen in any event.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

final as (
    select
        device_type,
        min(played_at) as first_seen_at,
        max(played_at) as last_seen_at
    from listen_events
    group by device_type
)

select * from final
