import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { SiteService } from '@fleetgate/fleet';
import { CreateLineDto, CreateSiteDto, LineDto, SiteDto, toLineDto, toSiteDto } from './sites.dto';

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SiteService) {}

  @Get()
  @ApiOperation({ summary: 'Sites with their lines and machine counts (plant managers: their own sites)' })
  @ApiResponse({ status: 200, type: [SiteDto] })
  async list(@CurrentActor() actor: Actor): Promise<SiteDto[]> {
    return (await this.sites.listSites(actor)).map(toSiteDto);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a site' })
  @ApiResponse({ status: 201, type: SiteDto })
  @ApiResponse({ status: 409, description: 'The name is taken' })
  async create(@Body() body: CreateSiteDto, @CurrentActor() actor: Actor): Promise<SiteDto> {
    const site = await this.sites.createSite(body.name, actor.name);
    return toSiteDto({ site, lines: [], machineCount: 0 });
  }

  @Post(':name/lines')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a production line in a site' })
  @ApiResponse({ status: 201, type: LineDto })
  @ApiResponse({ status: 404, description: 'Unknown site' })
  async createLine(@Param('name') site: string, @Body() body: CreateLineDto, @CurrentActor() actor: Actor): Promise<LineDto> {
    const line = await this.sites.createLine(site, body.name, actor.name);
    return toLineDto(line, line.site.name);
  }
}
