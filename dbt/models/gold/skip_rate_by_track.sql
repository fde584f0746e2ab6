-- Share of a track's streams that listeners ended early.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

track_streams as (
    select
        track_id,
        count(*) as streams,
        sum(case when event_type = 'skip' then 1 else 0 end) as skips
    from fct_plays
    group by track_id
),

final as (
    select
        track_id,
        streams,
        skips,
        cast(skips as {{ dbt.type_numeric() }}) / streams as skip_rate
    from track_streams
)

select * from final
