-- Streams and listening time per device type, with each type's share of all streams.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

device_streams as (
    select
        device_type,
        count(*) as streams,
        sum(ms_played) as listening_ms
    from fct_plays
    group by device_type
),

final as (
    select
        device_type,
        streams,
        listening_ms,
        cast(streams as {{ dbt.type_numeric() }}) / sum(streams) over () as stream_share
    from device_streams
)

select * from final
